package dev.fixline.remediation;

import dev.fixline.finding.ClosureEvidence;
import dev.fixline.finding.ClosureRef;
import dev.fixline.finding.FindingStore;
import dev.fixline.finding.FindingKey;
import dev.fixline.finding.Page;
import dev.fixline.finding.Severity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * All of Fixline's SQL over the case tables ({@code remediation_case}, {@code case_finding},
 * {@code case_command}): the moves of a case's state, its read models and the outbox towards the engine.
 * Longer than most classes here on purpose: kept together, every statement that touches a case's row can
 * be read in one place, and the guarded moves ({@link #move}) are the only writes of its state.
 */
@Repository
class CaseRepository {

    private final JdbcTemplate jdbc;
    /** For statements with more parameters than can be told apart by position. */
    private final JdbcClient named;
    private final FindingStore findings;

    /** The closing commands, as an SQL list. */
    private static final String CLOSING = CaseCommand.sqlList(CaseCommand.CLOSING);

    CaseRepository(JdbcTemplate jdbc, FindingStore findings) {
        this.jdbc = jdbc;
        this.named = JdbcClient.create(jdbc);
        this.findings = findings;
    }


    void insert(String caseId, String findingId, FindingKey key, Severity severity, Instant firstDetectedAt,
                String previousCaseId, Instant now) {
        named.sql("""
                INSERT INTO remediation_case (id, state, severity, registry_host, repository, vulnerability_id,
                  package_name, first_detected_at, previous_case_id, opened_at)
                VALUES (:id, :state, :severity, :registry, :repository, :vulnerability, :package, :firstDetected,
                  :previous, :opened)""")
                .param("id", caseId).param("state", CaseState.PENDING.name()).param("severity", severity.name())
                .param("registry", key.registryHost()).param("repository", key.repository())
                .param("vulnerability", key.vulnerabilityId()).param("package", key.packageName())
                .param("firstDetected", utc(firstDetectedAt)).param("previous", previousCaseId)
                .param("opened", utc(now)).update();
        jdbc.update("INSERT INTO case_finding (case_id, finding_id) VALUES (?,?)", caseId, findingId);
    }

    /**
     * The case of a finding that is neither closed nor queued for closing, if any: a regression seen
     * while the previous case's closure still waits for the dispatcher gets a case of its own.
     */
    Optional<String> activeCaseOf(String findingId) {
        return jdbc.queryForList("""
                SELECT c.id FROM remediation_case c JOIN case_finding cf ON cf.case_id = c.id
                WHERE cf.finding_id = ? AND c.state <> 'CLOSED'
                  AND NOT EXISTS (SELECT 1 FROM case_command cc WHERE cc.case_id = c.id AND cc.done_at IS NULL
                                  AND cc.command IN %s)
                ORDER BY c.opened_at DESC""".formatted(CLOSING), String.class, findingId).stream().findFirst();
    }

    /** Every case that is not closed. */
    List<String> openCaseIds() {
        return jdbc.queryForList("SELECT id FROM remediation_case WHERE state <> 'CLOSED' ORDER BY opened_at",
                String.class);
    }

    /** The cases of a vulnerability that are neither closed nor queued for closing. */
    List<String> activeCaseIdsOf(String vulnerabilityId) {
        return jdbc.queryForList("""
                SELECT c.id FROM remediation_case c WHERE UPPER(c.vulnerability_id) = UPPER(?) AND c.state <> 'CLOSED'
                  AND NOT EXISTS (SELECT 1 FROM case_command cc WHERE cc.case_id = c.id AND cc.done_at IS NULL
                                  AND cc.command IN %s)""".formatted(CLOSING), String.class, vulnerabilityId);
    }

    Optional<String> latestCaseOf(String findingId) {
        return jdbc.queryForList("""
                SELECT c.id FROM remediation_case c JOIN case_finding cf ON cf.case_id = c.id
                WHERE cf.finding_id = ? ORDER BY c.opened_at DESC""", String.class, findingId).stream().findFirst();
    }

    List<String> pendingCaseIds(int limit) {
        return jdbc.queryForList("SELECT id FROM remediation_case WHERE state = 'PENDING' ORDER BY opened_at, id "
                + "FETCH FIRST ? ROWS ONLY", String.class, limit);
    }

    /**
     * Moves the case's state, only from where the transition allows.
     *
     * @return true when this call moved it; false when the case is already where the move leads (a step
     *         run again, or another node first), so that the caller does nothing twice
     * @throws IllegalCaseTransitionException when the case is anywhere else
     * @throws java.util.NoSuchElementException when there is no such case
     */
    boolean move(String caseId, CaseTransition transition) {
        int moved = jdbc.update("UPDATE remediation_case SET state = ? WHERE id = ? AND state IN ("
                        + placeholders(transition.from().size()) + ")",
                moveArguments(caseId, transition, List.of()));
        return moved == 1 || alreadyThere(caseId, transition);
    }

    /**
     * Closes the case with its resolution and the closure of its finding that closed it (null when none is
     * known); false when it was closed already.
     */
    boolean close(String caseId, String resolution, ClosureRef closure, Instant now) {
        int moved = jdbc.update("UPDATE remediation_case SET state = ?, resolution = ?, closure_finding_id = ?, "
                        + "closure_closed_at = ?, closed_at = ? WHERE id = ? AND state IN ("
                        + placeholders(CaseTransition.CLOSE.from().size()) + ")",
                moveArguments(caseId, CaseTransition.CLOSE, java.util.Arrays.asList(resolution,
                        closure == null ? null : closure.findingId(),
                        closure == null ? null : utc(closure.closedAt()), utc(now))));
        if (moved == 1) {
            endPauseAndRequests(caseId, now);
            return true;
        }
        return alreadyThere(caseId, CaseTransition.CLOSE);
    }

    /**
     * A case that closes while an exception runs (a rescan shows the fix): its pause ends with it, the
     * running exception counts as expired, and a request not yet decided lapses.
     */
    private void endPauseAndRequests(String caseId, Instant now) {
        Instant since = pausedSince(caseId);
        if (since != null) {
            endPause(caseId, since, now);
        }
        jdbc.update("UPDATE case_exception SET state = CASE WHEN state = 'APPROVED' THEN 'EXPIRED' ELSE 'LAPSED' END, "
                + "end_reason = 'the case closed', ended_at = ? WHERE case_id = ? AND state IN ('REQUESTED', 'APPROVED')",
                utc(now), caseId);
    }

    private static Object[] moveArguments(String caseId, CaseTransition transition, List<Object> values) {
        List<Object> args = new ArrayList<>();
        args.add(transition.to().name());
        args.addAll(values);
        args.add(caseId);
        transition.from().forEach(state -> args.add(state.name()));
        return args.toArray();
    }

    /** False when the case is already where the move leads; otherwise the move is refused. */
    private boolean alreadyThere(String caseId, CaseTransition transition) {
        CaseState now = jdbc.queryForList("SELECT state FROM remediation_case WHERE id = ?", String.class, caseId)
                .stream().findFirst().map(CaseState::valueOf)
                .orElseThrow(() -> new java.util.NoSuchElementException("No remediation case " + caseId));
        if (now == transition.to()) {
            return false;
        }
        throw new IllegalCaseTransitionException(caseId, now, transition);
    }

    /** Whether the case's process start has committed. */
    boolean hasStarted(String caseId) {
        Integer started = jdbc.queryForObject("SELECT COUNT(*) FROM remediation_case WHERE id = ? "
                + "AND process_instance_id IS NOT NULL", Integer.class, caseId);
        return started != null && started > 0;
    }

    /** Holds the case's row until the transaction ends: its ticket's opening and its waiting steps take turns. */
    void lockForTicketSteps(String caseId) {
        jdbc.queryForList("SELECT id FROM remediation_case WHERE id = ? FOR UPDATE", caseId);
    }

    void setProcessInstance(String caseId, String processInstanceId) {
        jdbc.update("UPDATE remediation_case SET process_instance_id = ? WHERE id = ?", processInstanceId, caseId);
    }

    void setOwnership(String caseId, String owner, String team, String manager, String rule) {
        jdbc.update("UPDATE remediation_case SET owner = ?, team = ?, manager = ?, ownership_rule = ? WHERE id = ?",
                owner, team, manager, rule, caseId);
    }

    /** The owner claims a fix at {@code at}: the case awaits verification. False when it awaits already. */
    boolean awaitVerification(String caseId, Instant at) {
        if (!move(caseId, CaseTransition.AWAIT_VERIFICATION)) {
            return false;
        }
        jdbc.update("UPDATE remediation_case SET awaiting_since = ? WHERE id = ?", utc(at), caseId);
        return true;
    }

    /** A case whose owner's claim of a fix waits for a rescan, with the claim's time and the case's findings. */
    record AwaitingCase(String caseId, String findingId, Instant since) {
    }

    /** The cases awaiting verification that no refutation is queued for yet. */
    List<AwaitingCase> awaitingVerification() {
        return jdbc.query("""
                SELECT c.id, cf.finding_id, c.awaiting_since FROM remediation_case c
                JOIN case_finding cf ON cf.case_id = c.id
                WHERE c.state = 'AWAITING_VERIFICATION' AND c.awaiting_since IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM case_command cc WHERE cc.case_id = c.id AND cc.done_at IS NULL
                                  AND cc.command = ?)""",
                (rs, n) -> new AwaitingCase(rs.getString(1), rs.getString(2), instant(rs, "awaiting_since")),
                CaseCommand.REFUTE_FIX.name());
    }

    /** Pauses the SLA clock from {@code at}: an approved exception. False when it is paused already. */
    boolean pause(String caseId, Instant at) {
        if (!move(caseId, CaseTransition.PAUSE)) {
            return false;
        }
        jdbc.update("UPDATE remediation_case SET paused_since = ? WHERE id = ?", utc(at), caseId);
        return true;
    }

    /**
     * Runs the SLA clock again at {@code at}, adding the pause to the case's paused time.
     *
     * @return how long this pause lasted; empty when the clock runs already (a step run again)
     */
    Optional<Duration> resume(String caseId, Instant at) {
        Instant since = pausedSince(caseId);
        if (since == null || !move(caseId, CaseTransition.RESUME)) {
            return Optional.empty();
        }
        return Optional.of(endPause(caseId, since, at));
    }

    private Instant pausedSince(String caseId) {
        return jdbc.queryForList("SELECT paused_since FROM remediation_case WHERE id = ?", Timestamp.class, caseId)
                .stream().filter(java.util.Objects::nonNull).map(Timestamp::toInstant).findFirst().orElse(null);
    }

    /** Adds the pause from {@code since} to {@code at} to the case's paused time; returns its length. */
    private Duration endPause(String caseId, Instant since, Instant at) {
        Duration paused = at.isBefore(since) ? Duration.ZERO : Duration.between(since, at).withNanos(0);
        jdbc.update("UPDATE remediation_case SET paused_since = NULL, paused_seconds = paused_seconds + ? WHERE id = ?",
                paused.getSeconds(), caseId);
        return paused;
    }

    void setSla(String caseId, Instant remindAt, Instant dueAt) {
        jdbc.update("UPDATE remediation_case SET remind_at = ?, due_at = ? WHERE id = ?", utc(remindAt), utc(dueAt),
                caseId);
    }

    /**
     * Raises the case's severity, never lowers it: like its due date, a case only tightens while it is
     * open, and a lower severity is only recorded in its timeline.
     */
    void raiseSeverity(String caseId, Severity severity) {
        jdbc.update("""
                UPDATE remediation_case SET severity = ? WHERE id = ?
                  AND CASE severity WHEN 'LOW' THEN 0 WHEN 'MEDIUM' THEN 1 WHEN 'HIGH' THEN 2 ELSE 3 END < ?""",
                severity.name(), caseId, severity.ordinal());
    }

    /** @return true the first time only */
    boolean markBreached(String caseId) {
        return jdbc.update("UPDATE remediation_case SET breached = TRUE WHERE id = ? AND breached = FALSE",
                caseId) == 1;
    }

    Optional<CaseView> find(String id, Instant now) {
        return jdbc.query("SELECT * FROM remediation_case WHERE id = ?", (rs, n) -> map(rs, now), id).stream()
                .findFirst().map(c -> c.withFindingIds(findingIds(List.of(id)).getOrDefault(id, List.of())));
    }

    Page<CaseView> list(CaseQuery q, int page, int size, Instant now) {
        List<Object> args = new ArrayList<>();
        String where = where(q, args);
        long total = jdbc.queryForObject("SELECT COUNT(*) FROM remediation_case" + where, Long.class, args.toArray());
        args.add((long) page * size);
        args.add(size);
        List<Row> rows = jdbc.query("SELECT * FROM remediation_case" + where
                + " ORDER BY " + orderOf(q.sort()) + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", (rs, n) -> row(rs, now),
                args.toArray());
        return new Page<>(views(rows), page, size, total);
    }

    /** The ids of every case that matches, in the query's order: what a long export walks through, fixed at its start. */
    List<String> ids(CaseQuery q) {
        List<Object> args = new ArrayList<>();
        String where = where(q, args);
        return jdbc.queryForList("SELECT id FROM remediation_case" + where + " ORDER BY " + orderOf(q.sort()),
                String.class, args.toArray());
    }

    /** These cases, in the order of the ids given; an id of no case is left out. */
    List<CaseView> byIds(List<String> ids, Instant now) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Row> found = new java.util.HashMap<>();
        jdbc.query("SELECT * FROM remediation_case WHERE id IN (" + placeholders(ids.size()) + ")",
                (rs, n) -> row(rs, now), ids.toArray()).forEach(r -> found.put(r.view().id(), r));
        return views(ids.stream().map(found::get).filter(java.util.Objects::nonNull).toList());
    }

    /** The rows as views, with the findings and closures of all of them in one query each, not one per case. */
    private List<CaseView> views(List<Row> rows) {
        Map<String, List<String>> findingIds = findingIds(rows.stream().map(r -> r.view().id()).toList());
        Map<ClosureRef, ClosureEvidence> evidence = findings.closures(rows.stream().map(Row::closure)
                .filter(java.util.Objects::nonNull).toList());
        return rows.stream().map(r -> r.view().withClosureEvidence(evidence.get(r.closure()))
                .withFindingIds(findingIds.getOrDefault(r.view().id(), List.of()))).toList();
    }

    private static String where(CaseQuery q, List<Object> args) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        if (q.state() != null) {
            where.append(" AND state = ?");
            args.add(q.state().name());
        }
        if (q.owner() != null) {
            where.append(" AND owner = ?");
            args.add(q.owner());
        }
        if (q.team() != null) {
            where.append(" AND team = ?");
            args.add(q.team());
        }
        if (q.breached() != null) {
            where.append(" AND breached = ?");
            args.add(q.breached());
        }
        if (q.repository() != null) {
            where.append(" AND repository = ?");
            args.add(q.repository());
        }
        if (q.vulnerabilityId() != null) {
            where.append(" AND UPPER(vulnerability_id) = UPPER(?)");
            args.add(q.vulnerabilityId());
        }
        if (q.severity() != null) {
            where.append(" AND severity = ?");
            args.add(q.severity().name());
        }
        if (q.closed() != null) {
            where.append(q.closed() ? " AND state = 'CLOSED'" : " AND state <> 'CLOSED'");
        }
        if (q.activeUntil() != null) {
            where.append(" AND opened_at < ?");
            args.add(utc(q.activeUntil()));
        }
        if (q.activeFrom() != null) {
            where.append(" AND (closed_at IS NULL OR closed_at >= ?)");
            args.add(utc(q.activeFrom()));
        }
        where.append(visibleTo(q.visibleTo(), args));
        return where.toString();
    }

    /** The ORDER BY of a sort; a due date that is null (not started yet) sorts last on H2 and PostgreSQL alike. */
    private static String orderOf(CaseQuery.Sort sort) {
        String severityRank = "CASE severity WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END";
        String dueFirst = "CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at";
        return switch (sort == null ? CaseQuery.Sort.NEWEST : sort) {
            case NEWEST -> "opened_at DESC, id";
            case DUE -> dueFirst + ", " + severityRank + ", id";
            case SEVERITY -> severityRank + ", " + dueFirst + ", id";
        };
    }

    /** Figures over the cases that are not closed; see {@link #openCaseCounts}. */
    record OpenCaseCounts(long open, long overdue, long breached, long dueSoon, long awaitingVerification,
                          long ofRules) {
    }

    /**
     * Counts the cases that are not closed: all of them, those past due at {@code now}, those whose breach
     * was recorded, those due from {@code now} until {@code soon}, those awaiting verification, and those
     * assigned by one of {@code rules} (by name).
     */
    OpenCaseCounts openCaseCounts(Instant now, Instant soon, Collection<String> rules, CaseQuery.Visibility v) {
        List<Object> args = new ArrayList<>(List.of(utc(now), utc(now), utc(soon)));
        args.addAll(rules);
        String visible = visibleTo(v, args);
        return jdbc.queryForObject("""
                SELECT COUNT(*) AS open_cases,
                  COALESCE(SUM(CASE WHEN due_at < ? AND state <> 'EXCEPTION' THEN 1 ELSE 0 END), 0) AS overdue,
                  COALESCE(SUM(CASE WHEN breached THEN 1 ELSE 0 END), 0) AS breached,
                  COALESCE(SUM(CASE WHEN due_at >= ? AND due_at < ? AND state <> 'EXCEPTION' THEN 1 ELSE 0 END), 0)
                    AS due_soon,
                  COALESCE(SUM(CASE WHEN state = 'AWAITING_VERIFICATION' THEN 1 ELSE 0 END), 0) AS awaiting,
                  COALESCE(SUM(CASE WHEN ownership_rule IN (%s) THEN 1 ELSE 0 END), 0) AS of_rules
                FROM remediation_case WHERE state <> 'CLOSED'%s""".formatted(placeholders(rules.size()), visible),
                (rs, n) -> new OpenCaseCounts(rs.getLong("open_cases"), rs.getLong("overdue"), rs.getLong("breached"),
                        rs.getLong("due_soon"), rs.getLong("awaiting"), rs.getLong("of_rules")), args.toArray());
    }

    /** The cases that are not closed, per team (null until the owner is assigned). */
    record TeamCount(String team, long open, long overdue) {
    }

    List<TeamCount> openCasesPerTeam(Instant now, CaseQuery.Visibility v) {
        List<Object> args = new ArrayList<>(List.of(utc(now)));
        String visible = visibleTo(v, args);
        return jdbc.query("""
                SELECT team, COUNT(*) AS open_cases,
                  COALESCE(SUM(CASE WHEN due_at < ? AND state <> 'EXCEPTION' THEN 1 ELSE 0 END), 0) AS overdue
                FROM remediation_case WHERE state <> 'CLOSED'%s GROUP BY team""".formatted(visible),
                (rs, n) -> new TeamCount(rs.getString("team"), rs.getLong("open_cases"), rs.getLong("overdue")),
                args.toArray());
    }

    /** Cases that are not closed and were due before {@code now}, the longest overdue first. */
    List<CaseView> overdueCases(Instant now, int limit, CaseQuery.Visibility v) {
        List<Object> args = new ArrayList<>(List.of(utc(now)));
        String visible = visibleTo(v, args);
        args.add(limit);
        return jdbc.query("SELECT * FROM remediation_case WHERE state NOT IN ('CLOSED', 'EXCEPTION') AND due_at < ?"
                + visible + " ORDER BY due_at, id FETCH FIRST ? ROWS ONLY", (rs, n) -> map(rs, now), args.toArray());
    }

    /** Cases that are not closed and were assigned by one of {@code rules}, the earliest due first. */
    List<CaseView> openCasesOfRules(Collection<String> rules, Instant now, int limit, CaseQuery.Visibility v) {
        List<Object> args = new ArrayList<>(rules);
        String visible = visibleTo(v, args);
        args.add(limit);
        return jdbc.query("SELECT * FROM remediation_case WHERE state <> 'CLOSED' AND ownership_rule IN ("
                + placeholders(rules.size()) + ")" + visible + " ORDER BY CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, "
                + "due_at, id FETCH FIRST ? ROWS ONLY", (rs, n) -> map(rs, now), args.toArray());
    }

    /** Those of these process instances whose cases the person may see; in queries of 500 instances. */
    Set<String> visibleProcessInstances(List<String> processInstanceIds, CaseQuery.Visibility v) {
        Set<String> visible = new HashSet<>();
        for (int from = 0; from < processInstanceIds.size(); from += 500) {
            List<String> chunk = processInstanceIds.subList(from, Math.min(processInstanceIds.size(), from + 500));
            List<Object> args = new ArrayList<>(chunk);
            String condition = visibleTo(v, args);
            visible.addAll(jdbc.queryForList("SELECT process_instance_id FROM remediation_case WHERE "
                    + "process_instance_id IN (" + placeholders(chunk.size()) + ")" + condition, String.class,
                    args.toArray()));
        }
        return visible;
    }

    /** The cases of these process instances, by process instance id. */
    Map<String, CaseView> byProcessInstances(Collection<String> processInstanceIds, Instant now) {
        Map<String, CaseView> byInstance = new HashMap<>();
        if (processInstanceIds.isEmpty()) {
            return byInstance;
        }
        jdbc.query("SELECT * FROM remediation_case WHERE process_instance_id IN ("
                        + placeholders(processInstanceIds.size()) + ")", (rs, n) -> map(rs, now),
                processInstanceIds.toArray()).forEach(c -> byInstance.put(c.processInstanceId(), c));
        return byInstance;
    }

    /**
     * The condition that keeps a person's cases (their own, those they manage, their teams'), as
     * {@code " AND (…)"} with its arguments added; empty for a null visibility (every case).
     */
    static String visibleTo(CaseQuery.Visibility v, List<Object> args) {
        if (v == null) {
            return "";
        }
        args.add(v.person());
        args.add(v.person());
        if (v.teams().isEmpty()) {
            return " AND (owner = ? OR manager = ?)";
        }
        args.addAll(v.teams());
        return " AND (owner = ? OR manager = ? OR team IN (" + placeholders(v.teams().size()) + "))";
    }

    static String placeholders(int count) {
        if (count == 0) {
            throw new IllegalArgumentException("an IN list needs at least one value");
        }
        return String.join(",", java.util.Collections.nCopies(count, "?"));
    }

    record Command(long id, String caseId, CaseCommand command, String payload) {
    }

    void addCommand(String caseId, CaseCommand command, String payload, Instant now) {
        jdbc.update("INSERT INTO case_command (case_id, command, payload, created_at) VALUES (?,?,?,?)", caseId,
                command.name(), payload, utc(now));
    }

    List<Command> pendingCommands(int limit) {
        return jdbc.query("SELECT * FROM case_command WHERE done_at IS NULL ORDER BY id FETCH FIRST ? ROWS ONLY",
                (rs, n) -> new Command(rs.getLong("id"), rs.getString("case_id"),
                        CaseCommand.valueOf(rs.getString("command")),
                        rs.getString("payload")), limit);
    }

    /** Marks a command done; false when another node or thread already did. */
    boolean completeCommand(long id, String outcome, Instant now) {
        return jdbc.update("UPDATE case_command SET done_at = ?, outcome = ? WHERE id = ? AND done_at IS NULL",
                utc(now), outcome, id) == 1;
    }

    private Map<String, List<String>> findingIds(List<String> caseIds) {
        Map<String, List<String>> byCase = new HashMap<>();
        if (caseIds.isEmpty()) {
            return byCase;
        }
        jdbc.query("SELECT case_id, finding_id FROM case_finding WHERE case_id IN ("
                        + String.join(",", java.util.Collections.nCopies(caseIds.size(), "?")) + ") ORDER BY finding_id",
                (ResultSet rs) -> {
                    byCase.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }, caseIds.toArray());
        return byCase;
    }

    /** A case as read, and the closure its evidence is kept under (null while open). */
    private record Row(CaseView view, ClosureRef closure) {
    }

    private CaseView map(ResultSet rs, Instant now) throws SQLException {
        Row row = row(rs, now);
        return row.closure() == null ? row.view()
                : row.view().withClosureEvidence(findings.closure(row.closure()).orElse(null));
    }

    private Row row(ResultSet rs, Instant now) throws SQLException {
        Instant due = instant(rs, "due_at");
        Instant pausedSince = instant(rs, "paused_since");
        CaseState state = CaseState.valueOf(rs.getString("state"));
        String id = rs.getString("id");
        CaseView view = new CaseView(id, state, rs.getString("resolution"), Severity.valueOf(rs.getString("severity")),
                rs.getString("registry_host"), rs.getString("repository"), rs.getString("vulnerability_id"),
                rs.getString("package_name"), instant(rs, "first_detected_at"), rs.getString("owner"),
                rs.getString("team"), rs.getString("manager"), rs.getString("ownership_rule"),
                instant(rs, "remind_at"), due, rs.getBoolean("breached"),
                state != CaseState.CLOSED && state != CaseState.EXCEPTION && due != null && due.isBefore(now),
                instant(rs, "opened_at"), instant(rs, "closed_at"), rs.getString("previous_case_id"),
                rs.getString("process_instance_id"), List.of(), null, null, null, pausedSince,
                pausedFor(rs.getLong("paused_seconds"), pausedSince, now));
        String closureFinding = rs.getString("closure_finding_id");
        Instant closedAt = instant(rs, "closure_closed_at");
        return new Row(view, closureFinding == null || closedAt == null ? null
                : new ClosureRef(closureFinding, closedAt));
    }

    private static Duration pausedFor(long pausedSeconds, Instant pausedSince, Instant now) {
        Duration paused = Duration.ofSeconds(pausedSeconds);
        return pausedSince == null || now.isBefore(pausedSince) ? paused
                : paused.plus(Duration.between(pausedSince, now)).withNanos(0);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
