package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.fixline.MutableClock;
import dev.fixline.TestInfrastructure;
import dev.fixline.finding.FindingStores;
import dev.fixline.finding.Page;
import dev.fixline.finding.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The case pages' and the SLA report's queries at the scale of a large tenant: {@code -Dbenchmark.cases} cases
 * (default 100,000; a year of them, 60 % closed) of 20 teams and 400 owners, on H2 and on PostgreSQL. Times, as
 * the median of 10 rounds, the SLA report (dashboard and {@code /api/reports/sla}) for every team and for one,
 * an owner's My cases (first page, soonest due first, and its total), and an auditor's search of one month.
 * Cases are written straight into the table, as the dispatcher leaves them; the queries are the pages' own.
 * Run with {@code ./mvnw verify -Pbenchmark -Dbenchmark.test=CasePagesBenchmark}; it reports figures and
 * asserts only that each query counts what it should.
 */
@Tag("benchmark")
class CasePagesBenchmark {

    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    private static final int TEAMS = 20;
    private static final int OWNERS_PER_TEAM = 20;
    private static final int ROUNDS = 10;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theCasePagesOfALargeTenant(String database) {
        int total = Integer.getInteger("benchmark.cases", 100_000);
        DataSource dataSource = TestInfrastructure.migratedDatabase(database, "case-pages-bench");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        long start = System.nanoTime();
        long open = seed(jdbc, total);
        report(database, "seed", total + " cases, " + open + " not closed", System.nanoTime() - start);

        MutableClock clock = new MutableClock();
        clock.set(NOW);
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        SlaReports reports = new SlaReports(new SlaFigures(jdbc), clock);
        CaseRepository cases = new CaseRepository(jdbc, FindingStores.on(dataSource, json, e -> { }, clock));
        CaseQuery.Visibility oneTeam = new CaseQuery.Visibility("manager-3", List.of("team-3"));

        SlaReport every = time(database, "SLA report, every team", () -> reports.report(null));
        assertThat(every.byTeam().stream().mapToLong(SlaReport.Load::open).sum()).isEqualTo(open);
        SlaReport team = time(database, "SLA report, one team", () -> reports.report(oneTeam));
        assertThat(team.byTeam()).extracting(SlaReport.Load::name).containsExactly("team-3");

        CaseQuery mine = new CaseQuery(null, "owner-3-7", null, null, null, null, null, false, null, null,
                new CaseQuery.Visibility("owner-3-7", List.of("team-3")), CaseQuery.Sort.DUE);
        Page<CaseView> myCases = time(database, "My cases, soonest due", () -> cases.list(mine, 0, 25, NOW));
        assertThat(myCases.items()).isSortedAccordingTo(java.util.Comparator.comparing(CaseView::dueAt));
        CaseQuery teamView = new CaseQuery(null, null, null, null, null, null, null, false, null, null,
                new CaseQuery.Visibility("owner-3-7", List.of("team-3")), CaseQuery.Sort.SEVERITY);
        time(database, "My team's cases, most severe", () -> cases.list(teamView, 0, 25, NOW));
        CaseQuery november = new CaseQuery(null, null, null, null, null, null, null, null,
                Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"), null, CaseQuery.Sort.NEWEST);
        Page<CaseView> month = time(database, "Auditor: cases open in a month", () -> cases.list(november, 0, 50, NOW));
        assertThat(month.total()).isPositive();
    }

    /** A year of cases: opened evenly over it, 60 % of them closed (of those 80 % fixed), due 7 or 30 days on. */
    private static long seed(JdbcTemplate jdbc, int total) {
        Random random = new Random(14);
        List<Object[]> rows = new ArrayList<>();
        long open = 0;
        for (int i = 0; i < total; i++) {
            int team = i % TEAMS;
            int owner = (i / TEAMS) % OWNERS_PER_TEAM;
            Severity severity = random.nextInt(5) == 0 ? Severity.CRITICAL : Severity.HIGH;
            Instant opened = NOW.minus(Duration.ofMinutes(random.nextInt(365 * 24 * 60)));
            Instant due = opened.plus(Duration.ofDays(severity == Severity.CRITICAL ? 7 : 30));
            boolean closed = random.nextInt(10) < 6;
            Instant closedAt = closed ? opened.plus(Duration.ofHours(1 + random.nextInt(60 * 24))) : null;
            if (closedAt != null && closedAt.isAfter(NOW)) {
                closedAt = NOW.minusSeconds(60);
            }
            open += closed ? 0 : 1;
            String resolution = !closed ? null : random.nextInt(10) < 8 ? "FIXED" : "GONE";
            rows.add(new Object[] {UUID.randomUUID().toString(), closed ? "CLOSED" : "OPEN", resolution, severity.name(),
                    "reg" + team + ".azurecr.io", "app/svc-" + (i % 500), "CVE-2026-" + (10000 + i % 9000),
                    "pkg-" + (i % 700), utc(opened.minus(Duration.ofDays(1))), "owner-" + team + "-" + owner,
                    "team-" + team, "manager-" + team, "rule-" + team, utc(due), utc(due.minus(Duration.ofDays(2))),
                    !closed && due.isBefore(NOW), utc(opened), closedAt == null ? null : utc(closedAt)});
            if (rows.size() == 5_000) {
                insert(jdbc, rows);
                rows.clear();
            }
        }
        insert(jdbc, rows);
        return open;
    }

    private static void insert(JdbcTemplate jdbc, List<Object[]> rows) {
        jdbc.batchUpdate("""
                INSERT INTO remediation_case (id, state, resolution, severity, registry_host, repository,
                  vulnerability_id, package_name, first_detected_at, owner, team, manager, ownership_rule, due_at,
                  remind_at, breached, opened_at, closed_at)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", rows);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** The median of {@link #ROUNDS} rounds after one to warm up; reported, never asserted. */
    private static <T> T time(String database, String what, Supplier<T> query) {
        T result = query.get();
        long[] nanos = new long[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            result = query.get();
            nanos[round] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        report(database, what, "median of " + ROUNDS, nanos[ROUNDS / 2]);
        return result;
    }

    private static void report(String database, String what, String detail, long nanos) {
        System.out.printf(Locale.ROOT, "BENCHMARK %-8s %-34s %9.1f ms  (%s)%n", database, what, nanos / 1e6, detail);
    }
}
