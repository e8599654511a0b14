package dev.fixline.finding;

import static dev.fixline.finding.SweepRepository.instant;
import static dev.fixline.finding.SweepRepository.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The rows of each repository a sweep diffed, written in batches ({@link SweepStaging}); a sweep with too many
 * rows to hold in memory writes all of them as it reads them, and reads each repository's back for its diff.
 */
@Repository
class ObservationRepository {

    static final int BATCH_SIZE = 500;

    private final JdbcTemplate jdbc;

    ObservationRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String sweepId, List<Observation> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                INSERT INTO observation (sweep_id, row_number, raw_id, assessment_key, status_code, status_cause,
                  subscription_id, resource_group, registry_resource_id, registry_host, repository, digest, pushed_at,
                  tags, vulnerability_id, package_name, ecosystem, installed_version, fixed_version, fix_status,
                  severity, cvss, scanned_at, cloud, account) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                rows, BATCH_SIZE, (ps, o) -> {
                    ps.setString(1, sweepId);
                    ps.setInt(2, o.rowNumber());
                    ps.setString(3, o.rawId());
                    ps.setString(4, o.assessmentKey());
                    ps.setString(5, o.statusCode());
                    ps.setString(6, o.statusCause());
                    ps.setString(7, o.subscriptionId());
                    ps.setString(8, o.resourceGroup());
                    ps.setString(9, o.registryResourceId());
                    ps.setString(10, o.registryHost());
                    ps.setString(11, o.repository());
                    ps.setString(12, o.digest());
                    ps.setObject(13, utc(o.pushedAt()));
                    ps.setString(14, o.tags());
                    ps.setString(15, o.vulnerabilityId());
                    ps.setString(16, o.packageName());
                    ps.setString(17, o.ecosystem());
                    ps.setString(18, o.installedVersion());
                    ps.setString(19, o.fixedVersion());
                    ps.setString(20, o.fixStatus());
                    ps.setString(21, o.severity().name());
                    ps.setBigDecimal(22, o.cvss());
                    ps.setObject(23, utc(o.scannedAt()));
                    ps.setString(24, o.cloud());
                    ps.setString(25, o.account());
                });
    }

    record Repo(String registryHost, String repository) {
    }

    /**
     * Repositories the sweep saw, plus those with open findings in its registries or in the subscriptions its
     * scope names. A GCP registry host ({@code europe-west1-docker.pkg.dev}, {@code gcr.io}) serves every
     * project, so there the registry is the host in the projects the sweep saw: an export of one project says
     * nothing about another's findings.
     *
     * @param accountsByHost the accounts of the sweep's rows on each registry host ("" for none)
     */
    List<Repo> repositoriesInScope(Collection<Repo> seen, Map<String, Set<String>> accountsByHost,
                                   List<String> subscriptionIds) {
        Set<Repo> repos = new LinkedHashSet<>(seen);
        accountsByHost.forEach((host, accounts) -> jdbc.query("""
                SELECT DISTINCT registry_host, repository, cloud, account FROM finding
                WHERE registry_host = ? AND state = 'OPEN'""", rs -> {
            String account = rs.getString(4);
            if (!Cloud.GCP.id().equals(rs.getString(3)) || accounts.contains(account == null ? "" : account)) {
                repos.add(new Repo(rs.getString(1), rs.getString(2)));
            }
        }, host));
        for (String subscription : subscriptionIds) {
            jdbc.query("SELECT DISTINCT registry_host, repository FROM finding "
                            + "WHERE LOWER(subscription_id) = LOWER(?) AND state = 'OPEN'",
                    rs -> {
                        repos.add(new Repo(rs.getString(1), rs.getString(2)));
                    }, subscription);
        }
        return new ArrayList<>(repos);
    }

    List<Observation> forRepository(String sweepId, Repo repo) {
        return jdbc.query("""
                SELECT * FROM observation WHERE sweep_id = ? AND registry_host = ? AND repository = ?
                ORDER BY row_number""", ObservationRepository::map, sweepId, repo.registryHost(), repo.repository());
    }

    private static Observation map(ResultSet rs, int n) throws SQLException {
        return new Observation(rs.getInt("row_number"), rs.getString("raw_id"), rs.getString("assessment_key"),
                rs.getString("status_code"), rs.getString("status_cause"), rs.getString("subscription_id"),
                rs.getString("resource_group"), rs.getString("registry_resource_id"), rs.getString("registry_host"),
                rs.getString("repository"), rs.getString("digest"), instant(rs, "pushed_at"), rs.getString("tags"),
                rs.getString("vulnerability_id"), rs.getString("package_name"), rs.getString("ecosystem"),
                rs.getString("installed_version"), rs.getString("fixed_version"), rs.getString("fix_status"),
                Severity.valueOf(rs.getString("severity")), rs.getBigDecimal("cvss"), instant(rs, "scanned_at"),
                rs.getString("cloud"), rs.getString("account"));
    }
}
