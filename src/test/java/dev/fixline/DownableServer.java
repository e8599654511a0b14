package dev.fixline;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Outside servers for outage tests, each on a port of its own that stays the same while the server is taken
 * down (connections are refused), made to hang (connections are taken and never answered) and brought back.
 */
public final class DownableServer {

    private DownableServer() {
    }

    /** A free port on the loopback address, for a server that is not up yet. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port that takes connections and never says a word: every client runs into its read timeout. */
    static final class Silent implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Socket> held = new ArrayList<>();

        Silent(int port) {
            try {
                socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread accept = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        synchronized (held) {
                            held.add(s);
                        }
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "silent-" + port);
            accept.setDaemon(true);
            accept.start();
        }

        @Override
        public void close() {
            try {
                socket.close();
                synchronized (held) {
                    for (Socket s : held) {
                        s.close();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A WireMock server that can go down and come back on its port, with its stubs set again by {@code stubs}. */
    public static final class Http {
        private final int port;
        private final Consumer<WireMockServer> stubs;
        private final List<LoggedRequest> earlier = new ArrayList<>();
        private WireMockServer server;
        private Silent silent;

        public Http(Consumer<WireMockServer> stubs) {
            this.port = freePort();
            this.stubs = stubs;
            up();
        }

        public String baseUrl() {
            return "http://127.0.0.1:" + port;
        }

        public synchronized WireMockServer server() {
            if (server == null) {
                throw new IllegalStateException("the server is down");
            }
            return server;
        }

        public synchronized boolean isUp() {
            return server != null;
        }

        /** Requests matching the pattern, in all of the server's lives. */
        public synchronized List<LoggedRequest> requests(
                com.github.tomakehurst.wiremock.matching.RequestPatternBuilder pattern) {
            var matcher = pattern.build();
            List<LoggedRequest> all = new ArrayList<>(earlier.stream()
                    .filter(r -> matcher.match(r).isExactMatch()).toList());
            if (server != null) {
                all.addAll(server.findAll(pattern));
            }
            return all;
        }

        /** Up again (if down) with its standard stubs, and the request log of earlier lives kept. */
        public synchronized void up() {
            stopSilent();
            if (server == null) {
                server = new WireMockServer(WireMockConfiguration.options().port(port).bindAddress("127.0.0.1"));
                server.start();
            }
            server.resetMappings();
            server.resetScenarios();
            stubs.accept(server);
        }

        /** Forgets every request received so far, in all lives. */
        public synchronized void forgetRequests() {
            earlier.clear();
            if (server != null) {
                server.resetRequests();
            }
        }

        /** Down: connections are refused. */
        public synchronized void down() {
            stopSilent();
            if (server != null) {
                earlier.addAll(server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.anyUrl())));
                server.stop();
                server = null;
            }
        }

        /** Connections are taken and never answered. */
        public synchronized void hang() {
            down();
            silent = new Silent(port);
        }

        private void stopSilent() {
            if (silent != null) {
                silent.close();
                silent = null;
            }
        }
    }

    /** A GreenMail SMTP server that can go down, hang and come back on its port; it keeps every mail received. */
    public static final class Smtp {
        private final int port;
        private final List<MimeMessage> earlier = new ArrayList<>();
        private GreenMail server;
        private Silent silent;

        public Smtp() {
            this.port = freePort();
            up();
        }

        public int port() {
            return port;
        }

        public synchronized void up() {
            if (silent != null) {
                silent.close();
                silent = null;
            }
            if (server == null) {
                server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
                server.start();
            }
        }

        public synchronized void down() {
            if (silent != null) {
                silent.close();
                silent = null;
            }
            if (server != null) {
                earlier.addAll(List.of(server.getReceivedMessages()));
                server.stop();
                server = null;
            }
        }

        public synchronized void hang() {
            down();
            silent = new Silent(port);
        }

        /** Forgets every mail received so far. */
        public synchronized void forgetMails() {
            earlier.clear();
            if (server != null) {
                try {
                    server.purgeEmailFromAllMailboxes();
                } catch (com.icegreen.greenmail.store.FolderException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        /** Every mail received, across restarts. */
        public synchronized List<MimeMessage> received() {
            List<MimeMessage> all = new ArrayList<>(earlier);
            if (server != null) {
                all.addAll(List.of(server.getReceivedMessages()));
            }
            return all;
        }
    }
}
