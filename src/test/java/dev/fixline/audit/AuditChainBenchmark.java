package dev.fixline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.MutableClock;
import dev.fixline.TestInfrastructure;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the hash chain costs and how fast it is checked, on H2 and PostgreSQL: {@code -Dbenchmark.events}
 * events (default 100,000) recorded five to a transaction, as a case's step records them, by one writer and by
 * two at once, against the same rows inserted without a chain; then the whole chain verified and walked as an
 * export. Run with {@code ./mvnw verify -Pbenchmark -Dbenchmark.test=AuditChainBenchmark}; it reports figures
 * and asserts only that the chain is whole.
 */
@Tag("benchmark")
class AuditChainBenchmark {

    private static final int PER_TRANSACTION = 5;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theChainsCostAndItsCheck(String database) throws Exception {
        int total = Integer.getInteger("benchmark.events", 100_000);
        DataSource dataSource = TestInfrastructure.migratedDatabase(database, "audit-bench");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        DataSourceTransactionManager manager = new DataSourceTransactionManager(dataSource);
        TransactionTemplate tx = new TransactionTemplate(manager);
        MutableClock clock = new MutableClock();
        clock.set(Instant.parse("2026-12-01T09:00:00Z"));
        AuditLog log = new AuditLog(jdbc, new AuditSeal(jdbc), manager, clock);

        // The same rows into a table of the same shape and index, without the chain (the log itself refuses deletes).
        jdbc.execute("CREATE TABLE audit_plain (id BIGINT PRIMARY KEY, occurred_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                + "case_id VARCHAR(64), event_type VARCHAR(40) NOT NULL, actor VARCHAR(200) NOT NULL, "
                + "summary VARCHAR(1000) NOT NULL, evidence VARCHAR(4000))");
        jdbc.execute("CREATE INDEX audit_plain_case ON audit_plain (case_id)");
        long[] id = {0};
        int warmUp = 5_000; // each path once before it is timed, so that neither pays for the JIT alone
        plainInserts(jdbc, tx, clock, id, warmUp);
        record(log, tx, warmUp, 1, 10_000_000);

        long plain = System.nanoTime();
        plainInserts(jdbc, tx, clock, id, total / 2);
        plain = System.nanoTime() - plain;
        report(database, "insert without a chain, 1 writer", total / 2, plain);
        long one = record(log, tx, total / 2, 1, 0);
        report(database, "record and seal, 1 writer", total / 2, one);
        long two = record(log, tx, total / 2, 2, total / 2);
        report(database, "record and seal, 2 writers", total / 2, two);
        total += warmUp;

        long verify = System.nanoTime();
        ChainReport report = new AuditVerification(jdbc).verify(null, null);
        verify = System.nanoTime() - verify;
        assertThat(report.intact()).as(report.problem()).isTrue();
        assertThat(report.checked()).isEqualTo(total);
        report(database, "verify the whole chain", total, verify);

        AuditChainExport export = new AuditChainExport(jdbc);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        long walk = System.nanoTime();
        export.forEach(export.slice(null, null), e -> sink.writeBytes(e.canonical().getBytes()));
        walk = System.nanoTime() - walk;
        report(database, "export walk (canonical text)", total, walk);
    }

    private static void plainInserts(JdbcTemplate jdbc, TransactionTemplate tx, MutableClock clock, long[] id,
                                     int events) {
        for (int t = 0; t < events / PER_TRANSACTION; t++) {
            int at = t;
            tx.executeWithoutResult(s -> {
                for (int i = 0; i < PER_TRANSACTION; i++) {
                    jdbc.update("INSERT INTO audit_plain (id, occurred_at, case_id, event_type, actor, summary, "
                            + "evidence) VALUES (?, ?, ?, 'SLA_SET', 'fixline', ?, ?)", ++id[0],
                            java.sql.Timestamp.from(clock.instant()), "case-" + at,
                            "Due 2026-12-31T00:00:00Z (High: 30 days)", "{\"dueAt\":\"2026-12-31T00:00:00Z\"}");
                }
            });
        }
    }

    /** {@code events} events by {@code writers} threads, {@link #PER_TRANSACTION} per transaction. */
    private static long record(AuditLog log, TransactionTemplate tx, int events, int writers, int offset)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                for (int t = writer; t < events / PER_TRANSACTION; t += writers) {
                    int at = t;
                    tx.executeWithoutResult(s -> {
                        for (int i = 0; i < PER_TRANSACTION; i++) {
                            log.record("case-" + (offset + at), null, AuditEventType.SLA_SET, AuditLog.SYSTEM,
                                    "Due 2026-12-31T00:00:00Z (High: 30 days)",
                                    AuditLog.evidence("dueAt", "2026-12-31T00:00:00Z"));
                        }
                    });
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return System.nanoTime() - start;
    }

    private static void report(String database, String what, int events, long nanos) {
        System.out.printf(Locale.ROOT, "BENCHMARK %-8s %-36s %8d events %9.1f ms  %9.0f events/s%n", database, what,
                events, nanos / 1e6, events / (nanos / 1e9));
    }
}
