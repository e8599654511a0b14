package dev.fixline.finding;

import static dev.fixline.finding.SweepRepository.instant;
import static dev.fixline.finding.SweepRepository.utc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class FindingRepository {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    FindingRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    private ClosureEvidence evidence(String text) {
        try {
            return json.readValue(text, ClosureEvidence.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored closure evidence is not readable: " + text, e);
        }
    }

    private String text(ClosureEvidence evidence) {
        try {
            return json.writeValueAsString(evidence);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("closure evidence cannot be written", e);
        }
    }

    /**
     * A finding's last sighting: a sweep that showed its repository unchanged writes nothing to it but moves
     * the repository's {@code repository_state}; every finding and digest the last full diff saw (its
     * {@code last_sweep_id} is the state's {@code diffed_sweep_id}) was seen by that sweep too.
     */
    private static final String SIGHTING =
            "sighted.seen_sweep_id AS sighting_sweep_id, sighted.seen_at AS sighting_at";
    private static final String SIGHTING_JOIN = " LEFT JOIN repository_state sighted"
            + " ON sighted.registry_host = finding.registry_host AND sighted.repository = finding.repository"
            + " AND sighted.diffed_sweep_id = finding.last_sweep_id";
    private static final String SELECT_FINDING = "SELECT finding.*, " + SIGHTING + " FROM finding" + SIGHTING_JOIN;
    private static final String SELECT_DIGEST = """
            SELECT d.*, sighted.seen_at AS sighting_at FROM finding_digest d JOIN finding f ON f.id = d.finding_id
            LEFT JOIN repository_state sighted ON sighted.registry_host = f.registry_host
              AND sighted.repository = f.repository AND sighted.diffed_sweep_id = d.last_sweep_id""";

    /** Every finding of a repository with its digests, keyed by vulnerability and package. */
    Map<FindingKey, FindingRecord> forRepository(String registryHost, String repository) {
        Map<String, FindingRecord> byId = new LinkedHashMap<>();
        jdbc.query(SELECT_FINDING + " WHERE finding.registry_host = ? AND finding.repository = ?",
                (ResultSet rs) -> {
                    FindingRecord f = map(rs);
                    byId.put(f.id, f);
                }, registryHost, repository);
        if (!byId.isEmpty()) {
            jdbc.query(SELECT_DIGEST + " WHERE f.registry_host = ? AND f.repository = ?", (ResultSet rs) -> {
                FindingRecord f = byId.get(rs.getString("finding_id"));
                Finding.AffectedDigest d = digest(rs);
                f.digests.put(d.digest(), d);
            }, registryHost, repository);
        }
        Map<FindingKey, FindingRecord> byKey = new LinkedHashMap<>();
        byId.values().forEach(f -> byKey.put(f.key, f));
        return byKey;
    }

    Optional<Finding> find(String id) {
        List<FindingRecord> found = jdbc.query(SELECT_FINDING + " WHERE finding.id = ?", (rs, n) -> map(rs), id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        FindingRecord f = found.get(0);
        jdbc.query(SELECT_DIGEST + " WHERE d.finding_id = ? ORDER BY d.pushed_at DESC", (ResultSet rs) -> {
            Finding.AffectedDigest d = digest(rs);
            f.digests.put(d.digest(), d);
        }, id);
        return Optional.of(f.toFinding());
    }

    record OpenVulnerability(String vulnerabilityId, String ecosystem, String fixedVersion) {
    }

    List<OpenVulnerability> openVulnerabilities(String registryHost, String repository, String packageName) {
        return jdbc.query("""
                SELECT vulnerability_id, ecosystem, fixed_version FROM finding
                WHERE registry_host = ? AND repository = ? AND package_name = ? AND state = 'OPEN'
                ORDER BY vulnerability_id""", (rs, n) -> new OpenVulnerability(rs.getString(1), rs.getString(2),
                rs.getString(3)), registryHost, repository, packageName);
    }

    Page<Finding> list(FindingQuery query, int page, int size) {
        if (query.within() != null && query.within().isEmpty()) {
            return new Page<>(List.of(), page, size, 0);
        }
        List<Object> args = new ArrayList<>();
        String from = "finding" + within(query.within(), args);
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        if (query.state() != null) {
            where.append(" AND state = ?");
            args.add(query.state().name());
        }
        if (query.severity() != null) {
            where.append(" AND severity = ?");
            args.add(query.severity().name());
        }
        if (query.repository() != null) {
            where.append(" AND finding.repository = ?");
            args.add(query.repository());
        }
        if (query.vulnerabilityId() != null) {
            where.append(" AND UPPER(vulnerability_id) = UPPER(?)");
            args.add(query.vulnerabilityId());
        }
        if (query.activeUntil() != null) {
            where.append(" AND first_detected_at < ?");
            args.add(utc(query.activeUntil()));
        }
        if (query.activeFrom() != null) {
            // A suppressed finding (a confirmed false positive) ended when it was suppressed.
            where.append(" AND (CASE WHEN state = 'SUPPRESSED' THEN suppressed_at ELSE closed_at END IS NULL"
                    + " OR CASE WHEN state = 'SUPPRESSED' THEN suppressed_at ELSE closed_at END >= ?)");
            args.add(utc(query.activeFrom()));
        }
        long total = jdbc.queryForObject("SELECT COUNT(*) FROM " + from + where, Long.class, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add((long) page * size);
        pageArgs.add(size);
        List<Finding> items = jdbc.query("SELECT finding.*, " + SIGHTING + " FROM " + from + SIGHTING_JOIN + where
                        + " ORDER BY first_detected_at DESC, id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                (rs, n) -> map(rs).toFinding(), pageArgs.toArray());
        return new Page<>(items, page, size, total);
    }

    /**
     * Joins the locations in as six arrays, one per column, unnested into rows: six parameters however many
     * locations there are (a long IN list would meet the drivers' parameter limits), and each location is a
     * look-up on the index by registry and repository. The other four columns may be null on both sides.
     */
    private static String within(Set<FindingLocation> locations, List<Object> args) {
        if (locations == null) {
            return "";
        }
        List<FindingLocation> all = List.copyOf(locations);
        args.add(all.stream().map(FindingLocation::registryHost).toArray(String[]::new));
        args.add(all.stream().map(FindingLocation::repository).toArray(String[]::new));
        args.add(all.stream().map(FindingLocation::subscriptionId).toArray(String[]::new));
        args.add(all.stream().map(FindingLocation::resourceGroup).toArray(String[]::new));
        args.add(all.stream().map(FindingLocation::cloud).toArray(String[]::new));
        args.add(all.stream().map(FindingLocation::account).toArray(String[]::new));
        return " " + """
                 JOIN UNNEST(CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY),
                   CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY))
                   AS seen (seen_host, seen_repository, seen_subscription, seen_group, seen_cloud, seen_account)
                 ON finding.registry_host = seen_host AND finding.repository = seen_repository
                   AND subscription_id IS NOT DISTINCT FROM seen_subscription
                   AND resource_group IS NOT DISTINCT FROM seen_group
                   AND cloud IS NOT DISTINCT FROM seen_cloud AND account IS NOT DISTINCT FROM seen_account""";
    }

    /** The columns a sweep may change, in the order {@link #bindChangeable} binds them. */
    private static final String CHANGEABLE = """
            ecosystem, state, severity, cvss, installed_version, fixed_version, fix_status, subscription_id,
            resource_group, first_detected_at, last_seen_at, newest_affected_digest, newest_affected_pushed_at,
            absent_sweeps, reopen_count, closed_at, closure_rule, closure_evidence, last_decision, last_sweep_id,
            fix_available_at, cloud, account, last_absent_at""";
    private static final int CHANGEABLE_COUNT = 24;
    private static final String UPDATE = "UPDATE finding SET "
            + String.join(" = ?, ", CHANGEABLE.replace("\n", " ").split(",\\s*")) + " = ?, updated_at = ? WHERE id = ?";

    void insert(Collection<FindingRecord> findings, Instant now) {
        jdbc.batchUpdate("INSERT INTO finding (" + CHANGEABLE + ", id, registry_host, repository, vulnerability_id, "
                        + "package_name, created_at, updated_at) VALUES (" + "?,".repeat(CHANGEABLE_COUNT + 6) + "?)",
                findings, 500, (ps, f) -> {
                    int i = bindChangeable(ps, f);
                    ps.setString(++i, f.id);
                    ps.setString(++i, f.key.registryHost());
                    ps.setString(++i, f.key.repository());
                    ps.setString(++i, f.key.vulnerabilityId());
                    ps.setString(++i, f.key.packageName());
                    ps.setObject(++i, utc(now));
                    ps.setObject(++i, utc(now));
                });
    }

    void update(Collection<FindingRecord> findings, Instant now) {
        jdbc.batchUpdate(UPDATE, findings, 500, (ps, f) -> {
            int i = bindChangeable(ps, f);
            ps.setObject(++i, utc(now));
            ps.setString(++i, f.id);
        });
    }

    /** Binds the {@link #CHANGEABLE} columns from parameter 1 on; returns the last index bound. */
    private int bindChangeable(PreparedStatement ps, FindingRecord f) throws SQLException {
        int i = 0;
        ps.setString(++i, f.ecosystem);
        ps.setString(++i, f.state.name());
        ps.setString(++i, f.severity.name());
        ps.setBigDecimal(++i, f.cvss);
        ps.setString(++i, f.installedVersion);
        ps.setString(++i, f.fixedVersion);
        ps.setString(++i, f.fixStatus);
        ps.setString(++i, f.subscriptionId);
        ps.setString(++i, f.resourceGroup);
        ps.setObject(++i, utc(f.firstDetectedAt));
        ps.setObject(++i, utc(f.lastSeenAt));
        ps.setString(++i, f.newestAffectedDigest);
        ps.setObject(++i, utc(f.newestAffectedPushedAt));
        ps.setInt(++i, f.absentSweeps);
        ps.setInt(++i, f.reopenCount);
        ps.setObject(++i, utc(f.closedAt));
        ps.setString(++i, f.closureRule == null ? null : f.closureRule.name());
        ps.setString(++i, f.closureEvidence == null ? null : text(f.closureEvidence));
        ps.setString(++i, f.lastDecision);
        ps.setString(++i, f.lastSweepId);
        ps.setObject(++i, utc(f.fixAvailableAt));
        ps.setString(++i, f.cloud);
        ps.setString(++i, f.account);
        ps.setObject(++i, utc(f.lastAbsentAt));
        return i;
    }

    /** Suppresses an open finding; false when it is not open (closed or suppressed meanwhile). */
    boolean suppress(String findingId, Finding.Suppression suppression, String decision) {
        return jdbc.update("UPDATE finding SET state = 'SUPPRESSED', suppressed_at = ?, suppressed_by = ?, "
                        + "suppression_reason = ?, last_decision = ?, updated_at = ? WHERE id = ? AND state = 'OPEN'",
                utc(suppression.at()), suppression.by(), suppression.reason(), decision, utc(suppression.at()),
                findingId) == 1;
    }

    /** Keeps each closure made, with its evidence, for the cases that refer to it. */
    void saveClosures(List<FindingRecord> closed) {
        jdbc.batchUpdate("INSERT INTO finding_closure (finding_id, closed_at, evidence) VALUES (?,?,?)", closed, 500,
                (ps, f) -> {
                    ps.setString(1, f.id);
                    ps.setObject(2, utc(f.closedAt));
                    ps.setString(3, text(f.closureEvidence));
                });
    }

    /** The evidence of these closures, in one query per 500 findings. */
    Map<ClosureRef, ClosureEvidence> closures(java.util.Collection<ClosureRef> refs) {
        Map<ClosureRef, ClosureEvidence> found = new java.util.HashMap<>();
        java.util.Set<ClosureRef> wanted = java.util.Set.copyOf(refs);
        List<String> ids = refs.stream().map(ClosureRef::findingId).distinct().toList();
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            jdbc.query("SELECT finding_id, closed_at, evidence FROM finding_closure WHERE finding_id IN ("
                    + String.join(",", java.util.Collections.nCopies(chunk.size(), "?")) + ")", (ResultSet rs) -> {
                ClosureRef ref = new ClosureRef(rs.getString("finding_id"), rs.getTimestamp("closed_at").toInstant());
                if (wanted.contains(ref)) {
                    found.put(ref, evidence(rs.getString("evidence")));
                }
            }, chunk.toArray());
        }
        return found;
    }

    /** The evidence of one closure of a finding. */
    Optional<ClosureEvidence> closure(ClosureRef ref) {
        return jdbc.queryForList("SELECT evidence FROM finding_closure WHERE finding_id = ? AND closed_at = ?",
                String.class, ref.findingId(), utc(ref.closedAt())).stream().findFirst().map(this::evidence);
    }

    record DigestRow(String findingId, Finding.AffectedDigest digest, boolean isNew) {
    }

    void saveDigests(List<DigestRow> rows, String sweepId) {
        jdbc.batchUpdate("""
                INSERT INTO finding_digest (finding_id, digest, pushed_at, tags, first_seen_at, last_seen_at, last_sweep_id)
                VALUES (?,?,?,?,?,?,?)""", rows.stream().filter(DigestRow::isNew).toList(), 500, (ps, r) -> {
            ps.setString(1, r.findingId());
            ps.setString(2, r.digest().digest());
            ps.setObject(3, utc(r.digest().pushedAt()));
            ps.setString(4, r.digest().tags());
            ps.setObject(5, utc(r.digest().firstSeenAt()));
            ps.setObject(6, utc(r.digest().lastSeenAt()));
            ps.setString(7, sweepId);
        });
        jdbc.batchUpdate("""
                UPDATE finding_digest SET pushed_at = ?, tags = ?, last_seen_at = ?, last_sweep_id = ?
                WHERE finding_id = ? AND digest = ?""", rows.stream().filter(r -> !r.isNew()).toList(), 500,
                (ps, r) -> {
                    ps.setObject(1, utc(r.digest().pushedAt()));
                    ps.setString(2, r.digest().tags());
                    ps.setObject(3, utc(r.digest().lastSeenAt()));
                    ps.setString(4, sweepId);
                    ps.setString(5, r.findingId());
                    ps.setString(6, r.digest().digest());
                });
    }

    private static Finding.AffectedDigest digest(ResultSet rs) throws SQLException {
        Instant sighting = instant(rs, "sighting_at");
        return new Finding.AffectedDigest(rs.getString("digest"), instant(rs, "pushed_at"), rs.getString("tags"),
                instant(rs, "first_seen_at"), sighting != null ? sighting : instant(rs, "last_seen_at"));
    }

    private FindingRecord map(ResultSet rs) throws SQLException {
        FindingRecord f = new FindingRecord();
        f.id = rs.getString("id");
        f.key = new FindingKey(rs.getString("registry_host"), rs.getString("repository"),
                rs.getString("vulnerability_id"), rs.getString("package_name"));
        f.ecosystem = rs.getString("ecosystem");
        f.state = FindingState.valueOf(rs.getString("state"));
        f.severity = Severity.valueOf(rs.getString("severity"));
        f.cvss = rs.getBigDecimal("cvss");
        f.installedVersion = rs.getString("installed_version");
        f.fixedVersion = rs.getString("fixed_version");
        f.fixStatus = rs.getString("fix_status");
        f.subscriptionId = rs.getString("subscription_id");
        f.resourceGroup = rs.getString("resource_group");
        f.firstDetectedAt = instant(rs, "first_detected_at");
        String sightingSweep = rs.getString("sighting_sweep_id");
        f.lastSeenAt = sightingSweep != null ? instant(rs, "sighting_at") : instant(rs, "last_seen_at");
        f.newestAffectedDigest = rs.getString("newest_affected_digest");
        f.newestAffectedPushedAt = instant(rs, "newest_affected_pushed_at");
        f.absentSweeps = rs.getInt("absent_sweeps");
        f.reopenCount = rs.getInt("reopen_count");
        f.closedAt = instant(rs, "closed_at");
        String rule = rs.getString("closure_rule");
        f.closureRule = rule == null ? null : ClosureRule.valueOf(rule);
        String evidence = rs.getString("closure_evidence");
        f.closureEvidence = evidence == null ? null : evidence(evidence);
        f.lastDecision = rs.getString("last_decision");
        f.lastSweepId = sightingSweep != null ? sightingSweep : rs.getString("last_sweep_id");
        f.fixAvailableAt = instant(rs, "fix_available_at");
        f.cloud = rs.getString("cloud");
        f.account = rs.getString("account");
        f.lastAbsentAt = instant(rs, "last_absent_at");
        Instant suppressedAt = instant(rs, "suppressed_at");
        f.suppression = suppressedAt == null ? null : new Finding.Suppression(suppressedAt,
                rs.getString("suppressed_by"), rs.getString("suppression_reason"));
        return f;
    }
}
