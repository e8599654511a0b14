package dev.fixline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.ApplicationTest;
import dev.fixline.TestInfrastructure;
import dev.fixline.finding.Sweep;
import dev.fixline.remediation.CaseDispatcher;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Import throughput on PostgreSQL: the day-1 sample scaled to {@code -Dbenchmark.rows} rows (default
 * 10,000) by repeating it over more repositories. Run with {@code ./mvnw verify -Pbenchmark}; it
 * reports figures and asserts only that every row was imported. {@code -Dbenchmark.jdbc-options=…}
 * appends driver options to the JDBC URL (e.g. {@code &reWriteBatchedInserts=true}).
 */
@Tag("benchmark")
@ApplicationTest
@DirtiesContext
class SweepImportBenchmark {

    @Autowired SweepImporter importer;
    @Autowired CaseDispatcher dispatcher;
    @Autowired ObjectMapper json;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        EmbeddedPostgres pg = TestInfrastructure.postgres();
        String options = System.getProperty("benchmark.jdbc-options", "");
        registry.add("spring.datasource.url", () -> pg.getJdbcUrl("postgres", "postgres") + options);
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @Test
    void importDayOneScaled() throws IOException {
        int target = Integer.getInteger("benchmark.rows", 10_000);
        Path file = Files.createTempFile("fixline-benchmark", ".json");
        int rows = writeScaled(file, target);

        long heapBefore = usedHeap();
        resetPeakHeap();
        Sweep first = timed("first import (all new)", file, rows, Duration.ZERO);
        long importPeak = peakHeap();
        // The same rows a day later: a rescan in which nothing changed.
        Sweep rescan = timed("rescan (nothing changed)", file, rows, Duration.ofDays(1));
        long begin = System.nanoTime();
        CaseDispatcher.Result started = dispatcher.dispatch();
        double seconds = (System.nanoTime() - begin) / 1e9;
        System.out.printf(Locale.ROOT, "BENCHMARK case starts: %d cases in %.1f s = %.0f cases/s%n",
                started.started(), seconds, started.started() / seconds);
        System.out.printf(Locale.ROOT, "BENCHMARK heap: %d MiB in use before, peak %d MiB during the first import "
                        + "(-Xmx %d MiB)%n", heapBefore >> 20, importPeak >> 20, Runtime.getRuntime().maxMemory() >> 20);
        Files.delete(file);

        assertThat(first.counts().rows()).isEqualTo(rows);
        assertThat(rescan.counts().newFindings()).isZero();
    }

    private Sweep timed(String label, Path file, int rows, Duration shift) throws IOException {
        long begin = System.nanoTime();
        Sweep sweep;
        try (InputStream in = Files.newInputStream(file)) {
            sweep = importer.importArgExport(file.getFileName().toString(), in, shift);
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        System.out.printf(Locale.ROOT, "BENCHMARK %s: %d rows in %.2f s = %.0f rows/s (%d new, %d unchanged)%n",
                label, rows, seconds, rows / seconds, sweep.counts().newFindings(), sweep.counts().unchanged());
        return sweep;
    }

    /** Repeats the day-1 rows over copies of their repositories until {@code target} rows are written. */
    private int writeScaled(Path file, int target) throws IOException {
        JsonNode day1 = json.readTree(Path.of("samples", "day-1.json").toFile()).path("data");
        int written = 0;
        try (OutputStream out = Files.newOutputStream(file);
             JsonGenerator gen = json.getFactory().createGenerator(out)) {
            gen.writeStartArray();
            for (int copy = 0; written < target; copy++) {
                for (JsonNode row : day1) {
                    if (written == target) {
                        break;
                    }
                    ObjectNode r = row.deepCopy();
                    ObjectNode artifact = (ObjectNode) r.at("/properties/additionalData/artifactDetails");
                    artifact.put("repositoryName", artifact.path("repositoryName").asText() + "-" + copy);
                    r.put("id", row.path("id").asText() + "-" + copy);
                    json.writeTree(gen, r);
                    written++;
                }
            }
            gen.writeEndArray();
        }
        return written;
    }

    private static void resetPeakHeap() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The sum of the heap pools' peaks since the last reset: an upper bound of the peak heap in use. */
    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static long usedHeap() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
