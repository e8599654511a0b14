package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.fixline.MutableClock;
import dev.fixline.TestInfrastructure;
import dev.fixline.audit.AuditLog;
import dev.fixline.audit.AuditLogs;
import dev.fixline.finding.FindingStores;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The SLA as of a day, replayed from the log, at a large tenant's size: {@code -Dbenchmark.cases} cases (default
 * 20,000) opened over a year with the events the application records for them (opening, owner, SLA, a breach for
 * a third, a closure for 60 %), on H2 and PostgreSQL; the standing of every team and of one, as the median of 5
 * rounds; and a settled day's, replayed and then asked again (kept, {@link SlaHistory#KEPT_FOR}). Run with
 * {@code ./mvnw verify -Pbenchmark -Dbenchmark.test=SlaHistoryBenchmark}.
 */
@Tag("benchmark")
class SlaHistoryBenchmark {

    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    private static final int ROUNDS = 5;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theSlaAsOfADayAtScale(String database) {
        int total = Integer.getInteger("benchmark.cases", 20_000);
        DataSource dataSource = TestInfrastructure.migratedDatabase(database, "sla-history-bench");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        long events = seed(jdbc, total);
        MutableClock clock = new MutableClock();
        clock.set(NOW);
        AuditLog audit = AuditLogs.on(dataSource, clock);
        CaseRepository rows = new CaseRepository(jdbc, FindingStores.on(dataSource,
                new ObjectMapper().registerModule(new JavaTimeModule()), e -> { }, clock));
        SlaHistory history = new SlaHistory(audit, rows, clock);

        SlaStanding every = time(database, "every team, as of today", events,
                () -> history.standing(NOW, null, null, null, null));
        assertThat(every.open() + every.fixedOnTime() + every.fixedLate() + every.notCounted()).isEqualTo(total);
        SlaStanding team = time(database, "one team of 20, as of today", events,
                () -> history.standing(NOW, "team-3", null, null, null));
        assertThat(team.cases()).allSatisfy(c -> assertThat(c.team()).isEqualTo("team-3"));
        Instant halfAYearAgo = NOW.minus(Duration.ofDays(182));
        long[] ask = {0};
        SlaStanding past = time(database, "every team, six months ago", events, // a new instant each time: replayed
                () -> history.standing(halfAYearAgo.minusMillis(++ask[0]), null, null, null, null));
        SlaStanding again = time(database, "  the same day asked again", events,
                () -> history.standing(halfAYearAgo, null, null, null, null));
        assertThat(again.cases()).hasSameSizeAs(past.cases());
        time(database, "  one team of it", events, () -> history.standing(halfAYearAgo, "team-3", null, null, null));
    }

    /** The events of a year of cases, as the application words them; unsealed (the replay reads no hash). */
    private static long seed(JdbcTemplate jdbc, int total) {
        Random random = new Random(15);
        List<Object[]> events = new ArrayList<>();
        long count = 0;
        for (int i = 0; i < total; i++) {
            String id = "case-" + i;
            int team = i % 20;
            boolean critical = random.nextInt(5) == 0;
            Instant opened = NOW.minus(Duration.ofMinutes(1 + random.nextInt(365 * 24 * 60)));
            Instant due = opened.plus(Duration.ofDays(critical ? 7 : 30));
            String severity = critical ? "CRITICAL" : "HIGH";
            events.add(event(opened, id, "CASE_OPENED", "Critical finding …",
                    AuditLog.evidence("severity", severity, "vulnerabilityId", "CVE-2026-" + (10000 + i % 9000))));
            events.add(event(opened.plusSeconds(1), id, "OWNER_ASSIGNED", "Assigned to …",
                    AuditLog.evidence("owner", "owner-" + team, "team", "team-" + team, "manager", "manager-" + team)));
            events.add(event(opened.plusSeconds(2), id, "SLA_SET", "Due …", AuditLog.evidence("dueAt", due)));
            boolean closes = random.nextInt(10) < 6;
            Instant closedAt = opened.plus(Duration.ofHours(1 + random.nextInt(60 * 24)));
            if (due.isBefore(NOW) && (!closes || closedAt.isAfter(due))) {
                events.add(event(due, id, "SLA_BREACHED", "SLA breached …", null));
            }
            if (closes && closedAt.isBefore(NOW)) {
                events.add(event(closedAt, id, "CASE_CLOSED", random.nextInt(10) < 8 ? "Closed: a rescan shows the fix"
                        : "Closed as gone: no longer observed by the scanner", null));
            }
            if (events.size() >= 5_000) {
                count += insert(jdbc, events);
            }
        }
        return count + insert(jdbc, events);
    }

    private static Object[] event(Instant at, String caseId, String type, String summary, String evidence) {
        return new Object[] {Timestamp.from(at), caseId, type, "fixline", summary, evidence};
    }

    private static int insert(JdbcTemplate jdbc, List<Object[]> events) {
        jdbc.batchUpdate("INSERT INTO audit_event (occurred_at, case_id, event_type, actor, summary, evidence) "
                + "VALUES (?,?,?,?,?,?)", events);
        int n = events.size();
        events.clear();
        return n;
    }

    private static <T> T time(String database, String what, long events, Supplier<T> query) {
        T result = query.get();
        long[] nanos = new long[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            result = query.get();
            nanos[round] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "BENCHMARK %-8s SLA as of a day: %-30s %9.1f ms  (median of %d, %d events)%n",
                database, what, nanos[ROUNDS / 2] / 1e6, ROUNDS, events);
        return result;
    }
}
