package dev.fixline.remediation;

import static dev.fixline.remediation.CaseRepository.utc;
import static dev.fixline.remediation.CaseRepository.visibleTo;

import dev.fixline.finding.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The SLA report's aggregates over the case table, for one person's sight ({@link CaseRepository#visibleTo}).
 * Plain SQL that runs on H2 and PostgreSQL: periods are bucketed by boundaries given as parameters (so the
 * database's time zone never matters), in a subquery, because PostgreSQL does not recognise a grouping
 * expression with parameters as the same expression in the select list.
 */
@Repository
class SlaFigures {

    /** How a closed case counts towards compliance; see {@link SlaReport.MonthCompliance}. */
    enum Closure { ON_TIME, LATE, NOT_COUNTED }

    /**
     * A case fixed while an approved exception still ran: its clock stood still, so it is on time when the
     * exception was approved before the due date. The closure ends that exception at the closing instant.
     */
    private static final String FIXED_DURING_EXCEPTION = """
            EXISTS (SELECT 1 FROM case_exception e WHERE e.case_id = c.id AND e.state = 'EXPIRED'
                    AND e.ended_at = c.closed_at AND e.decided_at <= c.due_at)""";

    private final JdbcTemplate jdbc;

    SlaFigures(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The closed cases per period and kind of closure.
     *
     * @param boundaries the periods' starts and the last one's end, ascending; period i is
     *                   [boundaries[i], boundaries[i+1])
     * @return per period index, the count of each kind
     */
    Map<Integer, Map<Closure, Long>> closuresPerPeriod(List<Instant> boundaries, CaseQuery.Visibility v) {
        List<Object> args = new ArrayList<>();
        String bucket = bucketOf("c.closed_at", "<", boundaries.subList(1, boundaries.size() - 1), args);
        args.add(utc(boundaries.get(0)));
        args.add(utc(boundaries.get(boundaries.size() - 1)));
        String visible = visibleTo(v, args);
        Map<Integer, Map<Closure, Long>> periods = new HashMap<>();
        jdbc.query("""
                SELECT bucket, kind, COUNT(*) AS closed FROM (
                  SELECT %s AS bucket,
                    CASE WHEN c.resolution <> 'FIXED' OR c.resolution IS NULL THEN 'NOT_COUNTED'
                         WHEN c.due_at IS NULL OR c.closed_at <= c.due_at OR %s THEN 'ON_TIME'
                         ELSE 'LATE' END AS kind
                  FROM remediation_case c WHERE c.state = 'CLOSED' AND c.closed_at >= ? AND c.closed_at < ?%s
                ) t GROUP BY bucket, kind""".formatted(bucket, FIXED_DURING_EXCEPTION, visible),
                rs -> {
                    periods.computeIfAbsent(rs.getInt("bucket"), k -> new HashMap<>())
                            .put(Closure.valueOf(rs.getString("kind")), rs.getLong("closed"));
                }, args.toArray());
        return periods;
    }

    /**
     * The cases closed as fixed in (from, to] per severity: how many, and the mean seconds opened → closed.
     * The end is inclusive: a case closed at this very instant counts (PostgreSQL keeps microseconds only,
     * so "before a nanosecond later" would not do).
     */
    record Remediated(Severity severity, long fixed, double meanSeconds) {
    }

    List<Remediated> remediatedPerSeverity(Instant from, Instant to, CaseQuery.Visibility v) {
        List<Object> args = new ArrayList<>(List.of(utc(from), utc(to)));
        String visible = visibleTo(v, args);
        return jdbc.query("""
                SELECT severity, COUNT(*) AS fixed,
                  AVG(EXTRACT(EPOCH FROM closed_at) - EXTRACT(EPOCH FROM opened_at)) AS mean_seconds
                FROM remediation_case WHERE state = 'CLOSED' AND resolution = 'FIXED'
                  AND closed_at > ? AND closed_at <= ?%s GROUP BY severity""".formatted(visible),
                (rs, n) -> new Remediated(Severity.valueOf(rs.getString("severity")), rs.getLong("fixed"),
                        rs.getDouble("mean_seconds")), args.toArray());
    }

    /**
     * The open cases per age bucket, by when their finding was first detected.
     *
     * @param detectedAfter descending instants: bucket i holds the cases first detected after
     *                      {@code detectedAfter[i]} (and not in an earlier bucket); the last bucket the rest
     * @return open cases per bucket index
     */
    Map<Integer, Long> openPerAge(List<Instant> detectedAfter, CaseQuery.Visibility v) {
        List<Object> args = new ArrayList<>();
        String bucket = bucketOf("first_detected_at", ">", detectedAfter, args);
        String visible = visibleTo(v, args);
        return jdbc.query("""
                SELECT bucket, COUNT(*) AS open_cases FROM (
                  SELECT %s AS bucket FROM remediation_case WHERE state <> 'CLOSED'%s
                ) t GROUP BY bucket""".formatted(bucket, visible),
                (rs, n) -> Map.entry(rs.getInt("bucket"), rs.getLong("open_cases")), args.toArray())
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** What open cases are grouped by; column names from here only, never from a request. */
    enum Grouping {
        SEVERITY("severity"), TEAM("team"), OWNER("owner");

        private final String column;

        Grouping(String column) {
            this.column = column;
        }
    }

    List<SlaReport.Load> openLoad(Grouping by, Instant now, CaseQuery.Visibility v) {
        List<Object> args = new ArrayList<>(List.of(utc(now)));
        String visible = visibleTo(v, args);
        return jdbc.query("""
                SELECT %1$s AS name, COUNT(*) AS open_cases,
                  COALESCE(SUM(CASE WHEN due_at < ? AND state <> 'EXCEPTION' THEN 1 ELSE 0 END), 0) AS overdue,
                  COALESCE(SUM(CASE WHEN breached THEN 1 ELSE 0 END), 0) AS breached
                FROM remediation_case WHERE state <> 'CLOSED'%2$s GROUP BY %1$s""".formatted(by.column, visible),
                (rs, n) -> new SlaReport.Load(rs.getString("name"), rs.getLong("open_cases"), rs.getLong("overdue"),
                        rs.getLong("breached")), args.toArray());
    }

    /** Open cases whose clock runs and that fall due in [now, until), the soonest first. */
    List<SlaReport.DueSoon> dueBetween(Instant now, Instant until, int limit, CaseQuery.Visibility v) {
        List<Object> args = dueArguments(now, until);
        String visible = visibleTo(v, args);
        args.add(limit);
        return jdbc.query("""
                SELECT id, severity, vulnerability_id, registry_host, repository, owner, team, due_at
                FROM remediation_case WHERE state NOT IN ('CLOSED', 'EXCEPTION') AND due_at >= ? AND due_at < ?%s
                ORDER BY due_at, id FETCH FIRST ? ROWS ONLY""".formatted(visible),
                (rs, n) -> new SlaReport.DueSoon(rs.getString("id"), Severity.valueOf(rs.getString("severity")),
                        rs.getString("vulnerability_id"), rs.getString("registry_host"), rs.getString("repository"),
                        rs.getString("owner"), rs.getString("team"), rs.getTimestamp("due_at").toInstant()),
                args.toArray());
    }

    long countDueBetween(Instant now, Instant until, CaseQuery.Visibility v) {
        List<Object> args = dueArguments(now, until);
        String visible = visibleTo(v, args);
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM remediation_case WHERE state NOT IN ('CLOSED', "
                + "'EXCEPTION') AND due_at >= ? AND due_at < ?" + visible, Long.class, args.toArray());
        return count == null ? 0 : count;
    }

    private static List<Object> dueArguments(Instant now, Instant until) {
        return new ArrayList<>(List.of(utc(now), utc(until)));
    }

    /**
     * {@code CASE WHEN column op b0 THEN 0 WHEN column op b1 THEN 1 … ELSE n END}, its boundaries added to
     * the arguments.
     */
    private static String bucketOf(String column, String op, List<Instant> boundaries, List<Object> args) {
        StringBuilder sql = new StringBuilder("CASE");
        for (int i = 0; i < boundaries.size(); i++) {
            sql.append(" WHEN ").append(column).append(' ').append(op).append(" ? THEN ").append(i);
            args.add(utc(boundaries.get(i)));
        }
        return sql.append(" ELSE ").append(boundaries.size()).append(" END").toString();
    }
}
