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
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Outside servers for outage tests, each on a port of its own that stays the same while the server is taken
 * down (connections are refused), made to hang (connections are taken and never answered) and brought back.
 */
public final class DownableServer {

    private static final Random RANDOM = new SecureRandom();

    private DownableServer() {
    }

    /**
     * A free port on the loopback address below Linux's ephemeral range (32768 and up). While a server is down
     * its port is free, and a port of that range may meanwhile be handed to an outgoing connection (a pool's,
     * or a client's own attempt to reach the port, which then connects to itself), and the server cannot come
     * back on it.
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20000 + RANDOM.nextInt(12000);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // another one
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000 on the loopback address");
    }

    /** A port that takes connections and never says a word: every client runs into its read timeout. */
    static final class Silent implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Socket> held = new ArrayList<>();
        private final Thread accept;

        Silent(int port) {
            awaitFree(port);
            try {
                socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            accept = new Thread(() -> {
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
                // the listening socket is let go only once the thread blocked in accept has left it
                accept.join(10_000);
                synchronized (held) {
                    for (Socket s : held) {
                        s.close();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Waits until a server may listen on the port again: a socket closed a moment ago may still hold it
     * while a thread that used it winds down.
     */
    static void awaitFree(int port) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return;
            } catch (IOException taken) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("port " + port + " is still taken after 10 s", taken);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
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
                awaitFree(port);
                WireMockServer starting = new WireMockServer(WireMockConfiguration.options().port(port)
                        .bindAddress("127.0.0.1"));
                starting.start(); // kept only once it listens
                server = starting;
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
                awaitFree(port);
                ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
                setup.setServerStartupTimeout(10_000);
                GreenMail starting = new GreenMail(setup);
                starting.start(); // kept only once it listens, so that a failed start is not taken for a server
                server = starting;
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
