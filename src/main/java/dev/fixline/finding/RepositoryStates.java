package dev.fixline.finding;

import static dev.fixline.finding.SweepRepository.instant;
import static dev.fixline.finding.SweepRepository.utc;

import dev.fixline.finding.ObservationRepository.Repo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code repository_state} table: which repositories a sweep shows exactly as the last complete sweep
 * did, found in a few set-based statements for the whole sweep, so that they are neither loaded nor written.
 */
@Repository
class RepositoryStates {

    /** A repository diffed in full: its fingerprint when time alone cannot change what was concluded. */
    record Diffed(Repo repo, String fingerprint, Instant seenAt) {
    }

    private final JdbcTemplate jdbc;

    RepositoryStates(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A repository a sweep shows as its last complete diff did: how many findings it shows (what the diff would
     * have counted as unchanged), and the state that was compared, to confirm under the lock.
     */
    record Unchanged(int findings, String fingerprint, String diffedSweepId) {
    }

    /**
     * The repositories of the sweep that need no diff. A repository qualifies when its fingerprint is the one
     * stored, and no row of an open finding was scanned before the finding was first detected or lacks a scan
     * time (either would move that date): checked against each finding's earliest scan kept in memory, or, for a
     * sweep too large to hold, against its rows in {@code observation}. That every unhealthy row has its finding
     * follows from the fingerprint: the diff that stored it gave each one a finding, and findings are never
     * deleted. Reads only the sweep's registries, writes nothing, and needs no lock: {@link #confirm} checks the
     * result again under it.
     */
    Map<Repo, Unchanged> unchanged(String sweepId, RepositoryFingerprints shown, Map<Repo, String> fingerprints) {
        List<String> hosts = fingerprints.keySet().stream().map(Repo::registryHost).distinct().toList();
        if (hosts.isEmpty()) {
            return Map.of();
        }
        Map<Repo, Unchanged> same = new HashMap<>();
        stored(hosts).forEach((repo, state) -> {
            if (state.fingerprint().equals(fingerprints.get(repo))) {
                same.put(repo, new Unchanged(shown.keysKept() ? shown.findings(repo) : 0, state.fingerprint(),
                        state.diffedSweepId()));
            }
        });
        if (same.isEmpty()) {
            return Map.of();
        }
        if (shown.keysKept()) {
            jdbc.query("""
                    SELECT f.registry_host, f.repository, f.vulnerability_id, f.package_name, f.first_detected_at
                    FROM finding f JOIN repository_state s ON s.registry_host = f.registry_host
                      AND s.repository = f.repository
                    WHERE s.fingerprint IS NOT NULL AND f.state = 'OPEN' AND f.registry_host IN (%s)"""
                    .formatted(placeholders(hosts)), rs -> {
                Repo repo = new Repo(rs.getString(1), rs.getString(2));
                if (same.containsKey(repo) && !shown.scannedSince(repo, new FindingKey(repo.registryHost(),
                        repo.repository(), rs.getString(3), rs.getString(4)), instant(rs, 5))) {
                    same.remove(repo);
                }
            }, hosts.toArray());
            return same;
        }
        jdbc.query("""
                SELECT DISTINCT o.registry_host, o.repository FROM observation o
                JOIN finding f ON f.registry_host = o.registry_host AND f.repository = o.repository
                  AND f.vulnerability_id = o.vulnerability_id AND f.package_name = o.package_name
                WHERE o.sweep_id = ? AND f.state = 'OPEN'
                  AND (o.scanned_at IS NULL OR o.scanned_at < f.first_detected_at)""", rs -> {
            same.remove(new Repo(rs.getString(1), rs.getString(2)));
        }, sweepId);
        jdbc.query("""
                SELECT registry_host, repository, COUNT(*) FROM (
                  SELECT DISTINCT registry_host, repository, vulnerability_id, package_name FROM observation
                  WHERE sweep_id = ? AND LOWER(status_code) = 'unhealthy') k
                GROUP BY registry_host, repository""", rs -> {
            Repo repo = new Repo(rs.getString(1), rs.getString(2));
            int count = rs.getInt(3);
            same.computeIfPresent(repo, (r, u) -> new Unchanged(count, u.fingerprint(), u.diffedSweepId()));
        }, sweepId);
        return same;
    }

    /**
     * The repositories of {@link #unchanged} whose state nothing changed since (another sweep's diff, a
     * suppression), read under the finding store's lock; with the number of findings each shows.
     */
    Map<Repo, Integer> confirm(Map<Repo, Unchanged> unchanged) {
        Map<Repo, Integer> confirmed = new HashMap<>();
        if (unchanged.isEmpty()) {
            return confirmed;
        }
        stored(unchanged.keySet().stream().map(Repo::registryHost).distinct().toList()).forEach((repo, state) -> {
            Unchanged u = unchanged.get(repo);
            if (u != null && u.fingerprint().equals(state.fingerprint())
                    && u.diffedSweepId().equals(state.diffedSweepId())) {
                confirmed.put(repo, u.findings());
            }
        });
        return confirmed;
    }

    private record Stored(String fingerprint, String diffedSweepId) {
    }

    /** The fingerprinted repositories of these registry hosts, as {@code repository_state} holds them now. */
    private Map<Repo, Stored> stored(List<String> hosts) {
        Map<Repo, Stored> stored = new HashMap<>();
        jdbc.query("SELECT registry_host, repository, fingerprint, diffed_sweep_id FROM repository_state "
                + "WHERE fingerprint IS NOT NULL AND registry_host IN (" + placeholders(hosts) + ")", rs -> {
            stored.put(new Repo(rs.getString(1), rs.getString(2)), new Stored(rs.getString(3), rs.getString(4)));
        }, hosts.toArray());
        return stored;
    }

    private static String placeholders(List<String> values) {
        return String.join(",", java.util.Collections.nCopies(values.size(), "?"));
    }

    /** The repositories a sweep saw unchanged: their findings' last sighting moves to it, in one batch. */
    void seen(String sweepId, Map<Repo, Instant> seenAt) {
        jdbc.batchUpdate("UPDATE repository_state SET seen_sweep_id = ?, seen_at = ? "
                        + "WHERE registry_host = ? AND repository = ?", new ArrayList<>(seenAt.entrySet()), 500,
                (ps, e) -> {
                    ps.setString(1, sweepId);
                    ps.setObject(2, utc(e.getValue()));
                    ps.setString(3, e.getKey().registryHost());
                    ps.setString(4, e.getKey().repository());
                });
    }

    /** The repositories a sweep diffed in full: their findings now carry its id, and their fingerprints. */
    void diffed(String sweepId, List<Diffed> diffed) {
        // Findings and digests the full diff did not see keep the id of the diff before; sweeps that skipped the
        // repository since saw them, so their last sighting is written into their rows before the state moves on.
        String sighting = "(SELECT %s FROM repository_state s WHERE s.registry_host = ? AND s.repository = ?"
                + " AND s.seen_sweep_id <> s.diffed_sweep_id)";
        jdbc.batchUpdate("UPDATE finding_digest SET last_seen_at = " + sighting.formatted("s.seen_at")
                + ", last_sweep_id = " + sighting.formatted("s.seen_sweep_id")
                + " WHERE last_sweep_id = " + sighting.formatted("s.diffed_sweep_id")
                + " AND finding_id IN (SELECT f.id FROM finding f WHERE f.registry_host = ? AND f.repository = ?)",
                diffed, 500, (ps, d) -> bindRepo(ps, d.repo(), 4));
        jdbc.batchUpdate("UPDATE finding SET last_seen_at = " + sighting.formatted("s.seen_at")
                + ", last_sweep_id = " + sighting.formatted("s.seen_sweep_id")
                + " WHERE last_sweep_id = " + sighting.formatted("s.diffed_sweep_id")
                + " AND registry_host = ? AND repository = ?", diffed, 500, (ps, d) -> bindRepo(ps, d.repo(), 4));
        int[][] updated = jdbc.batchUpdate("""
                UPDATE repository_state SET fingerprint = ?, diffed_sweep_id = ?, seen_sweep_id = ?, seen_at = ?
                WHERE registry_host = ? AND repository = ?""", diffed, 500, (ps, d) -> bindState(ps, d, sweepId));
        List<Diffed> missing = new ArrayList<>();
        int i = 0;
        for (int[] batch : updated) {
            for (int count : batch) {
                if (count == 0) {
                    missing.add(diffed.get(i));
                }
                i++;
            }
        }
        jdbc.batchUpdate("""
                INSERT INTO repository_state (fingerprint, diffed_sweep_id, seen_sweep_id, seen_at, registry_host,
                  repository) VALUES (?,?,?,?,?,?)""", missing, 500, (ps, d) -> bindState(ps, d, sweepId));
    }

    /** A diffed repository's state, in the column order both the update and the insert use. */
    private static void bindState(java.sql.PreparedStatement ps, Diffed d, String sweepId) throws java.sql.SQLException {
        ps.setString(1, d.fingerprint());
        ps.setString(2, sweepId);
        ps.setString(3, sweepId);
        ps.setObject(4, utc(d.seenAt()));
        ps.setString(5, d.repo().registryHost());
        ps.setString(6, d.repo().repository());
    }

    private static void bindRepo(java.sql.PreparedStatement ps, Repo repo, int times) throws java.sql.SQLException {
        for (int i = 0; i < times; i++) {
            ps.setString(2 * i + 1, repo.registryHost());
            ps.setString(2 * i + 2, repo.repository());
        }
    }

    /** Something outside a sweep changed a finding of the repository: the next sweep diffs it in full. */
    void forget(String findingId) {
        jdbc.update("""
                UPDATE repository_state SET fingerprint = NULL WHERE EXISTS (SELECT 1 FROM finding f WHERE f.id = ?
                  AND f.registry_host = repository_state.registry_host AND f.repository = repository_state.repository)""",
                findingId);
    }
}
