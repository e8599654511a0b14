package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.fixline.MutableClock;
import dev.fixline.TestInfrastructure;
import dev.fixline.audit.AuditEventType;
import dev.fixline.audit.AuditLog;
import dev.fixline.audit.AuditLogs;
import dev.fixline.finding.FindingStores;
import dev.fixline.finding.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A database from before the SLA facts were kept as evidence: its events say only in words what happened, so
 * the SLA as of a day takes the severity, team, owner and due date from the cases' rows as they are today.
 */
class SlaHistoryOfAnOlderDatabaseTest {

    static final Instant OPENED = Instant.parse("2026-05-04T08:00:00Z");

    @Test
    void eventsWithoutEvidenceTakeTheirFactsFromTheCaseRows() {
        MutableClock clock = new MutableClock();
        SlaHistory history = olderDatabase(clock).history();
        Instant due = OPENED.plus(Duration.ofDays(7));

        SlaStanding before = history.standing(due.minus(Duration.ofDays(1)), "payments", Severity.CRITICAL, null, null);
        SlaStanding after = history.standing(due.plus(Duration.ofDays(1)), null, null, null, null);

        assertThat(before.openWithinSla()).isEqualTo(2);
        assertThat(before.cases()).allSatisfy(c -> {
            assertThat(c.owner()).isEqualTo("owner");
            assertThat(c.vulnerabilityId()).isEqualTo("CVE-2024-3094");
            assertThat(c.dueAt()).isEqualTo(due);
        });
        assertThat(after.openOverdue()).isEqualTo(2);
    }

    /**
     * A settled day's standing is kept for a while ({@link SlaHistory#KEPT_FOR}): an auditor's next question about it
     * is a filter. The facts an older database's events lack come from today's rows, which move; the day is
     * replayed again once the time is up. Today's standing is never kept.
     */
    @Test
    void aSettledDayIsKeptForAWhileTodayIsNot() {
        MutableClock clock = new MutableClock();
        OlderDatabase older = olderDatabase(clock);
        SlaHistory history = older.history();
        Instant dayAfterOpening = OPENED.plus(Duration.ofDays(1));
        clock.set(OPENED.plus(Duration.ofDays(3)));

        assertThat(history.standing(dayAfterOpening, null, null, null, null).cases())
                .extracting(SlaStanding.CaseStanding::owner).containsOnly("owner");
        older.rows().update("UPDATE remediation_case SET owner = 'new-owner'");
        clock.set(clock.instant().plus(SlaHistory.KEPT_FOR.minusMinutes(1)));
        assertThat(history.standing(dayAfterOpening, "payments", null, null, null).cases())
                .as("kept").extracting(SlaStanding.CaseStanding::owner).containsOnly("owner");
        Instant now = clock.instant();
        assertThat(history.standing(now, null, null, null, null).cases())
                .as("today").extracting(SlaStanding.CaseStanding::owner).containsOnly("new-owner");
        older.rows().update("UPDATE remediation_case SET owner = 'third-owner'");
        assertThat(history.standing(now, null, null, null, null).cases())
                .as("today, replayed").extracting(SlaStanding.CaseStanding::owner).containsOnly("third-owner");

        clock.set(clock.instant().plus(Duration.ofMinutes(2)));
        assertThat(history.standing(dayAfterOpening, null, null, null, null).cases())
                .as("replayed again").extracting(SlaStanding.CaseStanding::owner).containsOnly("third-owner");
    }

    /** Two Critical cases opened on {@link #OPENED}, due in 7 days, whose events say their facts in words only. */
    private static OlderDatabase olderDatabase(MutableClock clock) {
        DataSource dataSource = TestInfrastructure.migratedDatabase("h2", "sla-history-older");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        AuditLog audit = AuditLogs.on(dataSource, clock);
        Instant due = OPENED.plus(Duration.ofDays(7));
        for (String id : new String[] {"older-1", "older-2"}) {
            jdbc.update("""
                    INSERT INTO remediation_case (id, state, severity, registry_host, repository, vulnerability_id,
                      package_name, first_detected_at, owner, team, manager, ownership_rule, due_at, breached, opened_at)
                    VALUES (?, 'OPEN', 'CRITICAL', 'contosoprod.azurecr.io', 'payments/api', 'CVE-2024-3094',
                      'xz-utils', ?, 'owner', 'payments', 'manager', 'payments-prod', ?, FALSE, ?)""", id,
                    OPENED.atOffset(ZoneOffset.UTC), due.atOffset(ZoneOffset.UTC), OPENED.atOffset(ZoneOffset.UTC));
            clock.set(OPENED);
            audit.record(id, null, AuditEventType.CASE_OPENED, AuditLog.SYSTEM,
                    "Critical finding CVE-2024-3094 in xz-utils — contosoprod.azurecr.io/payments/api detected", null);
            audit.record(id, null, AuditEventType.OWNER_ASSIGNED, AuditLog.SYSTEM,
                    "Assigned to owner (team payments, manager manager) by ownership rule payments-prod", null);
            audit.record(id, null, AuditEventType.SLA_SET, AuditLog.SYSTEM, "Due " + due + " (Critical: 7 days)", null);
        }
        return new OlderDatabase(new SlaHistory(audit, new CaseRepository(jdbc, FindingStores.on(dataSource,
                new ObjectMapper().registerModule(new JavaTimeModule()), e -> { }, clock)), clock), jdbc);
    }

    private record OlderDatabase(SlaHistory history, JdbcTemplate rows) {
    }
}
