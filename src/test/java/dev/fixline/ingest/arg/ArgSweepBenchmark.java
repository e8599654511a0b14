package dev.fixline.ingest.arg;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.fixline.ApplicationTest;
import dev.fixline.TestInfrastructure;
import dev.fixline.finding.Sweep;
import dev.fixline.finding.SweepState;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Resource Graph sweep of {@code -Dbenchmark.arg-rows} rows (default 100,000) in pages of 1,000,
 * served by a local stub that writes each page as it is asked for (so the stub holds no rows), into
 * PostgreSQL. Reports rows/s and the peak heap; run with {@code ./mvnw verify -Pbenchmark}.
 */
@Tag("benchmark")
@ApplicationTest
@DirtiesContext
class ArgSweepBenchmark {

    static final int ROWS = Integer.getInteger("benchmark.arg-rows", 100_000);
    static final int PAGE = 1000;
    static final HttpServer STUB;
    static final Pattern TOKEN = Pattern.compile("\"\\$skipToken\"\\s*:\\s*\"p(\\d+)\"");
    static JsonNode template;

    static {
        try {
            STUB = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        STUB.createContext("/", exchange -> {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = TOKEN.matcher(request);
            int page = m.find() ? Integer.parseInt(m.group(1)) : 0;
            byte[] body = page(page).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("x-ms-user-quota-remaining", "14");
            exchange.getResponseHeaders().add("x-ms-user-quota-resets-after", "00:00:05");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        STUB.start();
    }

    @Autowired ArgSweeper sweeper;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        var pg = TestInfrastructure.postgres();
        registry.add("spring.datasource.url", () -> pg.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("fixline.arg.enabled", () -> "true");
        registry.add("fixline.arg.auth", () -> "none");
        registry.add("fixline.arg.endpoint", () -> "http://127.0.0.1:" + STUB.getAddress().getPort());
        registry.add("fixline.arg.timeout", () -> "PT120S");
    }

    @AfterAll
    static void stop() {
        STUB.stop(0);
    }

    @Test
    void sweepOfAHundredThousandRows() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long begin = System.nanoTime();
        Sweep sweep = sweeper.sweep("benchmark").orElseThrow();
        double seconds = (System.nanoTime() - begin) / 1e9;
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf(Locale.ROOT, "BENCHMARK resource graph sweep: %d rows in %d pages, %.1f s = %.0f rows/s, "
                        + "%d new findings, peak heap %d MiB (-Xmx %d MiB)%n", sweep.counts().rows(), sweep.pages(),
                seconds, sweep.counts().rows() / seconds, sweep.counts().newFindings(), peak >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        assertThat(sweep.state()).isEqualTo(SweepState.COMPLETE);
        assertThat(sweep.counts().rows()).isEqualTo(ROWS);
    }

    /** Page {@code n}: rows of the day-1 sample, each copy in repositories of its own. */
    static synchronized String page(int n) {
        ObjectMapper json = new ObjectMapper();
        try {
            if (template == null) {
                template = json.readTree(Path.of("samples", "day-1.json").toFile()).path("data");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ObjectNode body = json.createObjectNode().put("totalRecords", ROWS);
        ArrayNode data = body.putArray("data");
        int first = n * PAGE;
        int last = Math.min(ROWS, first + PAGE);
        for (int i = first; i < last; i++) {
            int copy = i / template.size();
            ObjectNode row = template.get(i % template.size()).deepCopy();
            ObjectNode artifact = (ObjectNode) row.at("/properties/additionalData/artifactDetails");
            artifact.put("repositoryName", artifact.path("repositoryName").asText() + "-" + copy);
            row.put("id", row.path("id").asText() + "-" + copy);
            data.add(row);
        }
        body.put("count", last - first).put("resultTruncated", "false");
        if (last < ROWS) {
            body.put("$skipToken", "p" + (n + 1));
        }
        return body.toString();
    }
}
