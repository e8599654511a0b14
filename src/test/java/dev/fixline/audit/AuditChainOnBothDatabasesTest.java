package dev.fixline.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fixline.MutableClock;
import dev.fixline.TestInfrastructure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The governance log as a hash chain, on H2 and on PostgreSQL: events join the chain when their transaction
 * commits; a row changed, deleted or swapped by direct SQL is named at its place; PostgreSQL refuses such a
 * change in the first place; several writers at once keep one chain.
 */
class AuditChainOnBothDatabasesTest {

    private final MutableClock clock = new MutableClock();
    private JdbcTemplate jdbc;
    private AuditLog log;
    private AuditVerification verification;
    private TransactionTemplate transactions;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void eventsJoinTheChainWhenTheirTransactionCommitsAndARolledBackOneLeavesNoHole(String database) {
        open(database);
        transactions.executeWithoutResult(s -> {
            for (int i = 1; i <= 3; i++) {
                log.record("case-1", null, AuditEventType.CASE_OPENED, AuditLog.SYSTEM, "event " + i, null);
            }
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE hash IS NULL", Long.class))
                    .as("not in the chain before the commit").isEqualTo(3);
        });
        transactions.executeWithoutResult(s -> {
            log.record("case-1", null, AuditEventType.SLA_BREACHED, AuditLog.SYSTEM, "rolled back", null);
            s.setRollbackOnly();
        });
        log.record("case-2", "finding-1", AuditEventType.MARKED_FIXED, "owner", "outside a transaction",
                "{\"digest\":\"sha256:ab\"}");

        ChainReport report = verification.verify(null, null);
        assertThat(report.intact()).as(report.problem()).isTrue();
        assertThat(report.checked()).isEqualTo(4);
        assertThat(report.headSeq()).isEqualTo(4);
        assertThat(report.unsealed()).isZero();
        assertThat(jdbc.queryForList("SELECT summary FROM audit_event ORDER BY seq", String.class))
                .containsExactly("event 1", "event 2", "event 3", "outside a transaction");
        assertThat(verification.verify(2L, 3L).intact()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRowChangedByDirectSqlIsNamedAtItsPlace(String database) {
        open(database);
        recordFive();
        if (database.equals("postgres")) {
            assertThatThrownBy(() -> jdbc.update("UPDATE audit_event SET summary = 'rewritten' WHERE seq = 3"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_event WHERE seq = 3"))
                    .hasMessageContaining("append-only");
            // A database superuser can still switch the guard off: the chain shows what they did.
            jdbc.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only");
        }
        jdbc.update("UPDATE audit_event SET summary = 'Exception approved by nobody' WHERE seq = 3");
        ChainReport report = verification.verify(null, null);
        assertThat(report.intact()).isFalse();
        assertThat(report.brokenAt()).isEqualTo(3);
        assertThat(report.problem()).contains("event 3", "is not as it was sealed");
        assertThat(verification.verify(1L, 2L).intact()).as("the events before it are intact").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aDeletedRowAndTwoSwappedRowsAreNamed(String database) {
        open(database);
        recordFive();
        if (database.equals("postgres")) {
            jdbc.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only");
        }
        jdbc.update("DELETE FROM audit_event WHERE seq = 4");
        ChainReport deleted = verification.verify(null, null);
        assertThat(deleted.brokenAt()).isEqualTo(4);
        assertThat(deleted.problem()).contains("event 4 of the chain is missing");

        open(database);
        recordFive();
        if (database.equals("postgres")) {
            jdbc.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only");
        }
        // Two events trade places, each keeping its own content and hashes.
        jdbc.update("UPDATE audit_event SET seq = -1 WHERE seq = 2");
        jdbc.update("UPDATE audit_event SET seq = 2 WHERE seq = 3");
        jdbc.update("UPDATE audit_event SET seq = 3 WHERE seq = -1");
        ChainReport swapped = verification.verify(null, null);
        assertThat(swapped.brokenAt()).isEqualTo(2);
        assertThat(swapped.problem()).contains("does not follow event 1");

        open(database);
        recordFive();
        if (database.equals("postgres")) {
            jdbc.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only");
        }
        jdbc.update("DELETE FROM audit_event WHERE seq = 5");
        assertThat(verification.verify(null, null).problem()).as("the chain's end cut off")
                .contains("event 5 of the chain is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anEventOfANestedTransactionIsSealedByItEvenWhenTheOuterOneRollsBack(String database) {
        open(database);
        TransactionTemplate nested = new TransactionTemplate(transactions.getTransactionManager());
        nested.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        transactions.executeWithoutResult(outer -> {
            log.record("case-1", null, AuditEventType.SLA_BREACHED, AuditLog.SYSTEM, "rolled back with its step", null);
            // as the outbox records a notice: in a transaction of its own, committed at once
            nested.executeWithoutResult(inner -> log.record("case-1", null, AuditEventType.NOTIFIED, AuditLog.SYSTEM,
                    "BREACH notice sent to manager", null));
            outer.setRollbackOnly();
        });

        ChainReport report = verification.verify(null, null);
        assertThat(report.intact()).as(report.problem()).isTrue();
        assertThat(report.unsealed()).isZero();
        assertThat(jdbc.queryForList("SELECT summary FROM audit_event WHERE hash IS NOT NULL", String.class))
                .containsExactly("BREACH notice sent to manager");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRowInsertedByHandIsNamedAndOnPostgresTheLogCannotBeEmptiedNorItsHeadReset(String database) {
        open(database);
        recordFive();
        jdbc.update("INSERT INTO audit_event (occurred_at, case_id, event_type, actor, summary) VALUES "
                + "(CURRENT_TIMESTAMP, 'case-1', 'EXCEPTION_APPROVED', 'ciso', 'Approved long ago, honestly')");
        ChainReport report = verification.verify(null, null);
        assertThat(report.intact()).isFalse();
        assertThat(report.problem()).contains("was written after the chain began without joining it");
        if (database.equals("postgres")) {
            assertThatThrownBy(() -> jdbc.execute("TRUNCATE audit_event")).hasMessageContaining("may not be truncated");
            assertThatThrownBy(() -> jdbc.update("UPDATE audit_chain_head SET seq = 0, hash = ?", AuditChain.GENESIS))
                    .hasMessageContaining("only moves forward");
            assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_chain_head")).hasMessageContaining("may not be deleted");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void twoWritersAtOnceKeepOneChain(String database) throws Exception {
        open(database);
        ExecutorService writers = Executors.newFixedThreadPool(2);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            String writer = "writer-" + w;
            done.add(writers.submit(() -> {
                for (int t = 0; t < 50; t++) {
                    transactions.executeWithoutResult(s -> {
                        log.record(writer, null, AuditEventType.CASE_OPENED, writer, "first of two", null);
                        log.record(writer, null, AuditEventType.OWNER_ASSIGNED, writer, "second of two", null);
                    });
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        writers.shutdown();
        ChainReport report = verification.verify(null, null);
        assertThat(report.intact()).as(report.problem()).isTrue();
        assertThat(report.checked()).isEqualTo(200);
        assertThat(report.headSeq()).isEqualTo(200);
    }

    private void recordFive() {
        for (int i = 1; i <= 5; i++) {
            clock.set(Instant.parse("2026-12-01T09:00:00Z").plusSeconds(i));
            log.record("case-1", null, AuditEventType.CASE_OPENED, AuditLog.SYSTEM, "event " + i, null);
        }
    }

    private void open(String database) {
        DataSource dataSource = TestInfrastructure.migratedDatabase(database, "audit-chain");
        jdbc = new JdbcTemplate(dataSource);
        DataSourceTransactionManager manager = new DataSourceTransactionManager(dataSource);
        transactions = new TransactionTemplate(manager);
        log = new AuditLog(jdbc, new AuditSeal(jdbc), manager, clock);
        verification = new AuditVerification(jdbc);
    }
}
