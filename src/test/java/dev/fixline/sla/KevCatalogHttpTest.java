package dev.fixline.sla;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The catalog from an http URL, served by the JDK's own server on the loopback address. */
class KevCatalogHttpTest {

    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> body = new AtomicReference<>(
            KevFiles.catalog("CVE-2023-4911,2023-11-21,2023-12-12", "CVE-2021-44228,2021-12-10,2021-12-24"));
    private final AtomicInteger requests = new AtomicInteger();
    private final TestClock clock = new TestClock(Instant.parse("2026-01-10T06:00:00Z"));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/feeds/known_exploited_vulnerabilities.json", exchange -> {
            requests.incrementAndGet();
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String query) {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
                + "/feeds/known_exploited_vulnerabilities.json" + query;
    }

    @Test
    void loadsFromAUrlAndKeepsItWhenTheServerFails() {
        KevCatalog kev = new KevCatalog(new KevProperties(url(""), null), clock);
        assertThat(kev.refresh()).isTrue();
        assertThat(kev.size()).isEqualTo(2);
        assertThat(kev.entry("CVE-2023-4911")).isPresent();

        status.set(503);
        body.set("Service Unavailable");
        assertThat(kev.refresh()).isFalse();
        assertThat(kev.lastFailure()).hasValueSatisfying(reason -> assertThat(reason).contains("HTTP 503"));
        assertThat(kev.size()).isEqualTo(2);

        status.set(200);
        body.set("<html>maintenance</html>");
        assertThat(kev.refresh()).isFalse();
        assertThat(kev.size()).isEqualTo(2);

        body.set(KevFiles.catalog("CVE-2024-3094,2024-04-01,2024-04-22"));
        assertThat(kev.refresh()).isTrue();
        assertThat(kev.size()).isEqualTo(1);
        assertThat(requests).hasValue(4);
    }

    @Test
    void anUnreachableServerIsAFailureNotAnException() {
        KevCatalog kev = new KevCatalog(new KevProperties(url(""), null), clock);
        server.stop(0);
        assertThat(kev.refresh()).isFalse();
        assertThat(kev.lastFailure()).isPresent();
        assertThat(kev.size()).isZero();
    }

    @Test
    void aQueryStringIsNeverLogged() {
        assertThat(KevSource.of(url("?token=secret")).describe()).doesNotContain("secret").endsWith(".json");
        KevCatalog kev = new KevCatalog(new KevProperties(url("?token=secret"), null), clock);
        assertThat(kev.refresh()).isTrue();
    }

    @Test
    void noSourceMeansNoRequest() {
        KevCatalog empty = KevCatalog.empty();
        empty.refreshIfDue();
        assertThat(empty.listed("CVE-2023-4911")).isFalse();
        assertThat(requests).hasValue(0);
    }
}
