package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.fixline.MutableClock;
import dev.fixline.TestInfrastructure;
import dev.fixline.audit.AuditLog;
import dev.fixline.audit.AuditLogs;
import dev.fixline.finding.FindingStores;
import dev.fixline.finding.Severity;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The log hands the SLA's replay its events in the order the database reads them, which on PostgreSQL is not the
 * order they were recorded once rows have been updated (sealing the chain updates every row). One case's history
 * is written, then its older rows are moved behind the newer ones, and its standing must be what the history
 * says oldest first: the owner and team it was moved to, the due date as last changed, the pause ended, the first
 * breach, the highest severity, the closure. (On H2 the rows come in their order: the run there checks the
 * replay itself.)
 */
class SlaReplayInAnyOrderTest {

    private static final Instant OPENED = Instant.parse("2026-03-02T06:00:00Z");
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aCaseStandsAsItsHistorySaysWhateverOrderTheRowsAreReadIn(String database) {
        DataSource dataSource = TestInfrastructure.migratedDatabase(database, "sla-replay-order");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        List<Object[]> history = List.of(
                event(0, "CASE_OPENED", "High finding …", AuditLog.evidence("severity", "HIGH",
                        "vulnerabilityId", "CVE-2026-1001")),
                event(1, "OWNER_ASSIGNED", "Assigned to …", AuditLog.evidence("owner", "ana", "team", "payments",
                        "manager", "maria")),
                event(2, "SLA_SET", "Due …", AuditLog.evidence("dueAt", OPENED.plus(Duration.ofDays(30)))),
                event(3, "SEVERITY_CHANGED", "Raised …", AuditLog.evidence("from", "HIGH", "to", "CRITICAL")),
                event(4, "SLA_CHANGED", "Due sooner …", AuditLog.evidence("dueAt", OPENED.plus(Duration.ofDays(7)))),
                event(5, "OWNER_CHANGED", "Moved to …", AuditLog.evidence("owner", "bo", "team", "platform")),
                event(8, "SLA_BREACHED", "SLA breached …", null),
                event(9, "SEVERITY_CHANGED", "Lowered …", AuditLog.evidence("from", "CRITICAL", "to", "HIGH")),
                event(10, "SLA_PAUSED", "Exception …", AuditLog.evidence("until", OPENED.plus(Duration.ofDays(20)))),
                event(20, "SLA_RESUMED", "Exception ended …", AuditLog.evidence("dueAt", OPENED.plus(Duration.ofDays(17)))),
                event(25, "SLA_BREACHED", "SLA breached …", null),
                event(30, "CASE_CLOSED", "Closed: a rescan shows the fix", null));
        jdbc.batchUpdate("INSERT INTO audit_event (occurred_at, case_id, event_type, actor, summary, evidence) "
                + "VALUES (?,?,?,?,?,?)", history);
        // Some sealed (as a chain's seal does, by its own update): PostgreSQL writes an updated row anew, behind the
        // ones not updated yet. These are the older of each pair that must not be confused: opening and raise,
        // first and second owner, set and changed due date, first and second breach, pause and its end.
        jdbc.update("UPDATE audit_event SET seq = id, prev_hash = '-', hash = '-' "
                + "WHERE id - (SELECT min(id) FROM audit_event) IN (0, 1, 2, 4, 6, 8)");
        MutableClock clock = new MutableClock();
        clock.set(NOW);
        AuditLog log = AuditLogs.on(dataSource, clock);
        List<Long> handedOver = new ArrayList<>();
        log.replay(SlaHistory.KINDS, NOW, null, e -> handedOver.add(e.id()));
        assertThat(handedOver).hasSize(history.size());
        if (database.equals("postgres")) {
            assertThat(handedOver).as("the log hands the events over out of their order")
                    .isNotEqualTo(handedOver.stream().sorted().toList());
        }

        SlaHistory replay = new SlaHistory(log, new CaseRepository(jdbc,
                FindingStores.on(dataSource, new ObjectMapper().registerModule(new JavaTimeModule()), e -> { }, clock)), clock);

        SlaStanding.CaseStanding closed = replay.standing(NOW, null, null, null, null).cases().get(0);
        assertThat(closed.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(closed.vulnerabilityId()).isEqualTo("CVE-2026-1001");
        assertThat(closed.owner()).isEqualTo("bo");
        assertThat(closed.team()).isEqualTo("platform");
        assertThat(closed.dueAt()).isEqualTo(OPENED.plus(Duration.ofDays(17)));
        assertThat(closed.breachedAt()).isEqualTo(OPENED.plus(Duration.ofDays(8)));
        assertThat(closed.closedAt()).isEqualTo(OPENED.plus(Duration.ofDays(30)));
        assertThat(closed.standing()).isEqualTo(SlaStanding.Standing.FIXED_LATE);

        SlaStanding.CaseStanding paused = replay.standing(OPENED.plus(Duration.ofDays(15)), null, null, null, null)
                .cases().get(0);
        assertThat(paused.standing()).isEqualTo(SlaStanding.Standing.OPEN_PAUSED);
        assertThat(paused.pausedAt()).isEqualTo(OPENED.plus(Duration.ofDays(10)));
        assertThat(paused.dueAt()).isEqualTo(OPENED.plus(Duration.ofDays(7)));

        SlaStanding.CaseStanding resumed = replay.standing(OPENED.plus(Duration.ofDays(22)), null, null, null, null)
                .cases().get(0);
        assertThat(resumed.standing()).isEqualTo(SlaStanding.Standing.OPEN_OVERDUE);
        assertThat(resumed.pausedAt()).isNull();
        assertThat(resumed.dueAt()).isEqualTo(OPENED.plus(Duration.ofDays(17)));
        assertThat(resumed.team()).isEqualTo("platform");
    }

    /** The standing lists its cases by standing, then due date (none last), then case id. */
    @Test
    void casesAreListedByStandingThenDueDateThenId() {
        DataSource dataSource = TestInfrastructure.migratedDatabase("h2", "sla-replay-list");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        List<Object[]> events = new ArrayList<>();
        // id → days from the opening to its due date (null: none yet); asked 30 days after the opening
        String[][] cases = {{"case-a", "10"}, {"case-e", "40"}, {"case-c", "120"}, {"case-d", null},
                {"case-b", "40"}, {"case-f", "5"}};
        for (String[] c : cases) {
            events.add(event(c[0], 0, "CASE_OPENED", "High finding …", AuditLog.evidence("severity", "HIGH")));
            events.add(event(c[0], 0, "OWNER_ASSIGNED", "Assigned to …", AuditLog.evidence("owner", "ana")));
            if (c[1] != null) {
                events.add(event(c[0], 0, "SLA_SET", "Due …",
                        AuditLog.evidence("dueAt", OPENED.plus(Duration.ofDays(Integer.parseInt(c[1]))))));
            }
        }
        jdbc.batchUpdate("INSERT INTO audit_event (occurred_at, case_id, event_type, actor, summary, evidence) "
                + "VALUES (?,?,?,?,?,?)", events);
        MutableClock clock = new MutableClock();
        clock.set(NOW);
        SlaHistory replay = new SlaHistory(AuditLogs.on(dataSource, clock), new CaseRepository(jdbc,
                FindingStores.on(dataSource, new ObjectMapper().registerModule(new JavaTimeModule()), e -> { }, clock)),
                clock);

        assertThat(replay.standing(Instant.parse("2026-04-01T00:00:00Z"), null, null, null, null).cases())
                .extracting(c -> c.caseId() + " " + c.standing())
                .containsExactly("case-b OPEN_WITHIN_SLA", "case-e OPEN_WITHIN_SLA", "case-c OPEN_WITHIN_SLA",
                        "case-d OPEN_WITHIN_SLA", "case-f OPEN_OVERDUE", "case-a OPEN_OVERDUE");
    }

    /** An event of the case {@code days} after its opening, worded as the application words it. */
    private static Object[] event(int days, String type, String summary, String evidence) {
        return event("case-1", days, type, summary, evidence);
    }

    private static Object[] event(String caseId, int days, String type, String summary, String evidence) {
        return new Object[] {Timestamp.from(OPENED.plus(Duration.ofDays(days))), caseId, type, "fixline", summary,
                evidence};
    }
}
