package dev.fixline.finding;

import dev.fixline.cluster.ClusterLocks;
import dev.fixline.cluster.LockScope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import dev.fixline.limits.ControlCharacters;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class SweepRepository {

    private final JdbcTemplate jdbc;
    /** For statements with more parameters than can be told apart by position. */
    private final JdbcClient named;

    private final ClusterLocks locks;

    SweepRepository(JdbcTemplate jdbc, ClusterLocks locks) {
        this.jdbc = jdbc;
        this.named = JdbcClient.create(jdbc);
        this.locks = locks;
    }

    /**
     * Waits for, then holds until commit, the lock that lets one sweep at a time change findings.
     *
     * @throws FindingStoreBusyException when the database gave up waiting for it
     */
    void lockFindingStore() {
        try {
            locks.holdUntilCommit(LockScope.FINDING_STORE);
        } catch (DataAccessException e) {
            if (LockWait.timedOut(e)) {
                throw new FindingStoreBusyException(e);
            }
            throw e;
        }
    }

    /** The newest sweeps of one source, newest first. */
    List<Sweep> latestOfSource(String source, int limit) {
        return jdbc.query("SELECT * FROM sweep WHERE source = ? ORDER BY started_at DESC, id FETCH FIRST ? ROWS ONLY",
                SweepRepository::map, source, limit);
    }

    /**
     * The newest applied sweep that had rows of this registry (of this project, on a GCP host that
     * serves many): its as-of time for that registry, and whether a complete sweep has that as-of (a
     * partial one may be one page of a result whose whole is imported next).
     */
    Optional<Applied> latestApplied(RegistryScope registry) {
        String project = registry.project() == null ? "r.project IS NULL" : "r.project = ?";
        Object[] args = registry.project() == null ? new Object[] {registry.registryHost()}
                : new Object[] {registry.registryHost(), registry.project()};
        return jdbc.query("""
                SELECT r.as_of, s.state FROM sweep_registry r JOIN sweep s ON s.id = r.sweep_id
                WHERE r.registry_host = ? AND %s AND s.state IN ('COMPLETE', 'PARTIAL') AND s.withdrawn_at IS NULL
                ORDER BY r.as_of DESC, CASE WHEN s.state = 'COMPLETE' THEN 0 ELSE 1 END
                FETCH FIRST 1 ROWS ONLY""".formatted(project),
                (rs, n) -> new Applied(instant(rs, 1), SweepState.valueOf(rs.getString(2)) == SweepState.COMPLETE),
                args).stream().findFirst();
    }

    /** The registries (projects, on GCP hosts) an applied sweep had rows of, each as of its own newest scan. */
    void insertRegistries(String sweepId, java.util.Map<RegistryScope, Instant> asOfByRegistry) {
        jdbc.batchUpdate("INSERT INTO sweep_registry (sweep_id, registry_host, project, as_of) VALUES (?,?,?,?)",
                List.copyOf(asOfByRegistry.entrySet()), 500, (ps, e) -> {
                    ps.setString(1, sweepId);
                    ps.setString(2, e.getKey().registryHost());
                    ps.setString(3, e.getKey().project());
                    ps.setObject(4, utc(e.getValue()));
                });
    }

    /**
     * Marks an applied sweep withdrawn, once.
     *
     * @return false when the sweep is not applied (running, failed) or was withdrawn already
     */
    boolean withdraw(String sweepId, Sweep.Withdrawal withdrawal) {
        return jdbc.update("""
                UPDATE sweep SET withdrawn_at = ?, withdrawn_by = ?, withdrawal_reason = ?
                WHERE id = ? AND state IN ('COMPLETE', 'PARTIAL') AND withdrawn_at IS NULL""",
                utc(withdrawal.at()), withdrawal.by(), withdrawal.reason(), sweepId) == 1;
    }

    record Applied(Instant asOf, boolean complete) {
    }

    void insert(Sweep sweep) {
        jdbc.update("INSERT INTO sweep (id, source, source_name, scope, state, started_at) VALUES (?,?,?,?,?,?)",
                sweep.id(), sweep.source(), sweep.sourceName(), sweep.scope(), sweep.state().name(),
                utc(sweep.startedAt()));
    }

    void finish(Sweep sweep) {
        Sweep.Counts c = sweep.counts();
        named.sql("""
                UPDATE sweep SET scope = :scope, state = :state, finished_at = :finishedAt, as_of = :asOf,
                  row_count = :rows, not_applicable_count = :notApplicable, rejected_count = :rejected,
                  new_count = :new, unchanged_count = :unchanged, changed_count = :changed, fixed_count = :fixed,
                  gone_count = :gone, reopened_count = :reopened, pages = :pages, quota_wait_ms = :quotaWait,
                  message = :message WHERE id = :id""")
                .param("scope", sweep.scope()).param("state", sweep.state().name())
                .param("finishedAt", utc(sweep.finishedAt())).param("asOf", utc(sweep.asOf()))
                .param("rows", c.rows()).param("notApplicable", c.notApplicable()).param("rejected", c.rejected())
                .param("new", c.newFindings()).param("unchanged", c.unchanged()).param("changed", c.changed())
                .param("fixed", c.fixed()).param("gone", c.gone()).param("reopened", c.reopened())
                .param("pages", sweep.pages()).param("quotaWait", sweep.quotaWaitMillis())
                .param("message", sweep.message()).param("id", sweep.id()).update();
        jdbc.batchUpdate("INSERT INTO sweep_ignored (sweep_id, kind, row_count) VALUES (?,?,?)",
                List.copyOf(sweep.ignored().entrySet()), 100, (ps, e) -> {
                    ps.setString(1, sweep.id());
                    ps.setString(2, e.getKey());
                    ps.setInt(3, e.getValue());
                });
    }

    Optional<Sweep> find(String id) {
        return jdbc.query("SELECT * FROM sweep WHERE id = ?", SweepRepository::map, id).stream().findFirst()
                .map(s -> new Sweep(s.id(), s.source(), s.sourceName(), s.scope(), s.state(), s.startedAt(),
                        s.finishedAt(), s.asOf(), s.counts(), s.pages(), s.quotaWaitMillis(), s.message(),
                        rejections(id), ignored(List.of(id)).get(id), s.withdrawal()));
    }

    void insertRejections(String sweepId, List<Sweep.Rejection> rejections) {
        jdbc.batchUpdate("INSERT INTO sweep_rejection (sweep_id, row_number, field, reason) VALUES (?,?,?,?)",
                rejections, 500, (ps, r) -> {
                    ps.setString(1, sweepId);
                    ps.setInt(2, r.row());
                    ps.setString(3, r.field());
                    // A reason may quote the value it refuses: never a control character into the database.
                    String reason = ControlCharacters.oneLine(r.reason());
                    ps.setString(4, reason.length() > 1000 ? reason.substring(0, 1000) : reason);
                });
    }

    private List<Sweep.Rejection> rejections(String sweepId) {
        return jdbc.query("SELECT row_number, field, reason FROM sweep_rejection WHERE sweep_id = ? ORDER BY id",
                (rs, n) -> new Sweep.Rejection(rs.getInt(1), rs.getString(2), rs.getString(3)), sweepId);
    }

    List<Sweep> list(long offset, int limit) {
        List<Sweep> page = jdbc.query(
                "SELECT * FROM sweep ORDER BY started_at DESC, id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                SweepRepository::map, offset, limit);
        Map<String, Map<String, Integer>> ignored = ignored(page.stream().map(Sweep::id).toList());
        List<Sweep> withIgnored = new ArrayList<>(page.size());
        for (Sweep s : page) {
            withIgnored.add(new Sweep(s.id(), s.source(), s.sourceName(), s.scope(), s.state(), s.startedAt(),
                    s.finishedAt(), s.asOf(), s.counts(), s.pages(), s.quotaWaitMillis(), s.message(), null,
                    ignored.get(s.id()), s.withdrawal()));
        }
        return withIgnored;
    }

    /** The ignored rows by kind of these sweeps, in one query; a sweep that ignored none is absent. */
    private Map<String, Map<String, Integer>> ignored(List<String> sweepIds) {
        Map<String, Map<String, Integer>> bySweep = new HashMap<>();
        if (sweepIds.isEmpty()) {
            return bySweep;
        }
        String in = String.join(",", java.util.Collections.nCopies(sweepIds.size(), "?"));
        jdbc.query("SELECT sweep_id, kind, row_count FROM sweep_ignored WHERE sweep_id IN (" + in + ")",
                rs -> {
                    bySweep.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getInt(3));
                }, sweepIds.toArray());
        return bySweep;
    }

    long count() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM sweep", Long.class);
    }

    /** Written at the stored precision, so that the database never rounds what it is given. */
    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : StoredPrecision.of(instant).atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private static Sweep map(ResultSet rs, int row) throws SQLException {
        return new Sweep(rs.getString("id"), rs.getString("source"), rs.getString("source_name"),
                rs.getString("scope"), SweepState.valueOf(rs.getString("state")), instant(rs, "started_at"),
                instant(rs, "finished_at"), instant(rs, "as_of"),
                new Sweep.Counts(rs.getInt("row_count"), rs.getInt("not_applicable_count"),
                        rs.getInt("rejected_count"), rs.getInt("new_count"), rs.getInt("unchanged_count"),
                        rs.getInt("changed_count"), rs.getInt("fixed_count"), rs.getInt("gone_count"),
                        rs.getInt("reopened_count")),
                rs.getInt("pages"), rs.getLong("quota_wait_ms"), rs.getString("message"), null, Map.of(),
                withdrawal(rs));
    }

    private static Sweep.Withdrawal withdrawal(ResultSet rs) throws SQLException {
        Instant at = instant(rs, "withdrawn_at");
        return at == null ? null
                : new Sweep.Withdrawal(at, rs.getString("withdrawn_by"), rs.getString("withdrawal_reason"));
    }
}
