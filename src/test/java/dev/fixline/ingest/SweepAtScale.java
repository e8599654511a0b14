package dev.fixline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.finding.Finding;
import dev.fixline.finding.FindingStore;
import dev.fixline.finding.Sweep;
import dev.fixline.remediation.CaseDispatcher;
import dev.fixline.remediation.EngineCommands;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The benchmark's sweeps at a small size (5,000 rows, 2,500 findings over about 50 repositories), checked for
 * what a user would see rather than timed: every finding once, a case for every High and Critical one, an
 * identical rescan that writes no finding and no row and gives the engine nothing, and a rescan with 5 % fixed that closes
 * exactly those findings and their cases. On H2 ({@code SweepAtScaleOnH2Test}) and PostgreSQL
 * ({@code SweepAtScaleOnPostgresTest}). The figures come from {@code SweepScale} (the benchmark).
 */
abstract class SweepAtScale {

    @Autowired SweepImporter importer;
    @Autowired CaseDispatcher dispatcher;
    @Autowired FindingStore store;
    @Autowired EngineCommands engine;
    @Autowired JdbcTemplate jdbc;
    @Autowired ObjectMapper json;

    @TempDir Path dir;

    @Test
    void firstSweepIdenticalRescanAndAFixedShare() throws IOException {
        Instant firstScan = Instant.now().minus(Duration.ofDays(5)).truncatedTo(ChronoUnit.SECONDS);
        DefenderSweepGenerator generator = new DefenderSweepGenerator(json, 5_000, 16, firstScan);
        String registries = generator.registryPattern();

        DefenderSweepGenerator.Written day0 = generator.write(dir.resolve("day0.json"), 0, 0);
        Sweep first = importFile(dir.resolve("day0.json"));
        assertThat(first.state().name()).isEqualTo("COMPLETE");
        assertThat(first.counts().rows()).isEqualTo(5_000);
        assertThat(first.counts().newFindings()).isEqualTo(day0.findings()).isEqualTo(2_500);
        assertThat(count("SELECT COUNT(*) FROM finding WHERE registry_host LIKE ? AND state = 'OPEN'", registries))
                .isEqualTo(day0.findings());
        assertThat(count("SELECT COUNT(*) FROM (SELECT DISTINCT registry_host, repository, vulnerability_id, "
                + "package_name FROM finding WHERE registry_host LIKE ?) k", registries)).isEqualTo(day0.findings());
        assertThat(count("SELECT COUNT(*) FROM finding_digest d JOIN finding f ON f.id = d.finding_id "
                + "WHERE f.registry_host LIKE ?", registries)).isEqualTo(5_000);

        // (Other tests of this context may leave cases of their own for the dispatcher: counted by registry.)
        dispatcher.dispatch();
        assertThat(count("SELECT COUNT(*) FROM remediation_case WHERE registry_host LIKE ? AND state = 'OPEN' "
                + "AND process_instance_id IS NOT NULL", registries)).isEqualTo(day0.highOrCritical());

        // The same rows scanned a day later: nothing to write for any finding, nothing for the engine.
        String findingsBefore = jdbc.queryForObject("SELECT CAST(MAX(updated_at) AS VARCHAR(64)) || '/' || "
                + "CAST(COUNT(*) AS VARCHAR(16)) FROM finding WHERE registry_host LIKE ?", String.class, registries);
        String someFinding = jdbc.queryForObject("SELECT MIN(id) FROM finding WHERE registry_host LIKE ?",
                String.class, registries);
        generator.write(dir.resolve("day1.json"), 1, 0);
        long commandsBefore = engine.issuedOnThisThread();
        Sweep rescan = importFile(dir.resolve("day1.json"));
        assertThat(engine.issuedOnThisThread() - commandsBefore).as("engine commands for an identical rescan")
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM remediation_case WHERE registry_host LIKE ? AND state = 'PENDING'",
                registries)).as("cases left for the dispatcher").isZero();
        assertThat(count("SELECT COUNT(*) FROM case_command m JOIN remediation_case c ON c.id = m.case_id "
                + "WHERE c.registry_host LIKE ? AND m.done_at IS NULL", registries)).as("commands left for it").isZero();
        assertThat(rescan.counts().unchanged()).isEqualTo(day0.findings());
        assertThat(rescan.counts().newFindings() + rescan.counts().changed() + rescan.counts().fixed()
                + rescan.counts().gone() + rescan.counts().reopened()).isZero();
        assertThat(jdbc.queryForObject("SELECT CAST(MAX(updated_at) AS VARCHAR(64)) || '/' || "
                + "CAST(COUNT(*) AS VARCHAR(16)) FROM finding WHERE registry_host LIKE ?", String.class, registries))
                .as("no finding written").isEqualTo(findingsBefore);
        assertThat(count("SELECT COUNT(*) FROM observation WHERE sweep_id = ?", rescan.id())).as("no row written")
                .isZero();
        // Yet each finding was seen by the rescan, as the finding's page and the verification rule read it.
        Finding seen = store.finding(someFinding).orElseThrow();
        assertThat(seen.lastSweepId()).isEqualTo(rescan.id());
        assertThat(seen.lastSeenAt()).isEqualTo(firstScan.plus(Duration.ofDays(1)));
        assertThat(seen.digests()).allSatisfy(d -> assertThat(d.lastSeenAt()).isEqualTo(seen.lastSeenAt()));

        // A quarter of the repositories rebuilt without a fifth of their vulnerabilities: exactly those close.
        DefenderSweepGenerator.Written day2 = generator.write(dir.resolve("day2.json"), 2, 0.05);
        Sweep fixes = importFile(dir.resolve("day2.json"));
        assertThat(fixes.counts().fixed()).isEqualTo(day2.fixed());
        assertThat(day2.fixed()).as("about 5 %").isBetween(day0.findings() * 4 / 100, day0.findings() * 6 / 100);
        assertThat(fixes.counts().newFindings() + fixes.counts().gone() + fixes.counts().reopened()).isZero();
        // By rule 2 (the rebuilt image does not show them), or rule 1 where it shows their package fixed.
        assertThat(count("SELECT COUNT(*) FROM finding WHERE registry_host LIKE ? AND state = 'FIXED' "
                + "AND closure_rule IN ('NEWER_IMAGE_CLEAN', 'FIXED_VERSION_OBSERVED')", registries))
                .isEqualTo(day2.fixed());
        assertThat(count("SELECT COUNT(*) FROM case_command m JOIN remediation_case c ON c.id = m.case_id "
                + "WHERE c.registry_host LIKE ? AND m.done_at IS NULL", registries)).isEqualTo(day2.fixedHighOrCritical());
        dispatcher.dispatch();
        assertThat(count("SELECT COUNT(*) FROM remediation_case WHERE registry_host LIKE ? AND state = 'OPEN'",
                registries)).isEqualTo(day0.highOrCritical() - day2.fixedHighOrCritical());

        sightingsSurviveAFullDiff(generator, registries, firstScan);
    }

    /**
     * A repository skipped by some sweeps and then diffed again keeps the sightings the skipping sweeps gave: an
     * image the diff no longer sees was last seen by the last sweep that skipped the repository.
     */
    private void sightingsSurviveAFullDiff(DefenderSweepGenerator generator, String registries, Instant firstScan)
            throws IOException {
        generator.write(dir.resolve("day3.json"), 3, 0.05);
        Sweep same = importFile(dir.resolve("day3.json"));
        assertThat(same.counts().changed() + same.counts().fixed() + same.counts().newFindings()).isZero();
        generator.write(dir.resolve("day4.json"), 4, 0.05, true);
        Sweep oldImagesGone = importFile(dir.resolve("day4.json"));
        String oldImage = generator.oldestImage(0);
        String findingId = jdbc.queryForObject("SELECT MIN(f.id) FROM finding f JOIN finding_digest d ON "
                + "d.finding_id = f.id WHERE f.registry_host LIKE ? AND f.repository = 'team0/service-0' AND "
                + "d.digest = ? AND f.state = 'OPEN'", String.class, registries, oldImage);
        Finding f = store.finding(findingId).orElseThrow();
        assertThat(f.lastSweepId()).as("seen by the full diff on its newer images").isEqualTo(oldImagesGone.id());
        assertThat(f.digests()).filteredOn(d -> d.digest().equals(oldImage)).singleElement()
                .satisfies(d -> assertThat(d.lastSeenAt()).as("seen last by the sweep that skipped it, on day 3")
                        .isEqualTo(firstScan.plus(Duration.ofDays(3))));
    }

    /**
     * The job executor asks for due jobs by due date and for the exclusive jobs locked now, and the dashboard for
     * the decisions waiting: with an index for each, an acquisition among 200,000 jobs takes milliseconds, not the
     * 0.76 s a scan of the job table took (docs/benchmarks.md).
     */
    @Test
    void theEngineTablesAreIndexedForAcquisitionAndTheDashboard() throws java.sql.SQLException {
        assertThat(indexedColumns("ACT_RU_JOB")).contains("DUEDATE_", "LOCK_EXP_TIME_");
        assertThat(indexedColumns("ACT_RU_TASK")).contains("TASK_DEF_KEY_");
    }

    /** The first column of each index of the table, in upper case (PostgreSQL names tables in lower case). */
    private java.util.Set<String> indexedColumns(String table) throws java.sql.SQLException {
        java.util.Set<String> indexed = new java.util.HashSet<>();
        try (java.sql.Connection c = jdbc.getDataSource().getConnection()) {
            for (String name : java.util.List.of(table, table.toLowerCase(java.util.Locale.ROOT))) {
                try (java.sql.ResultSet rs = c.getMetaData().getIndexInfo(null, null, name, false, false)) {
                    while (rs.next()) {
                        if (rs.getShort("ORDINAL_POSITION") == 1 && rs.getString("COLUMN_NAME") != null) {
                            indexed.add(rs.getString("COLUMN_NAME").toUpperCase(java.util.Locale.ROOT));
                        }
                    }
                }
            }
        }
        return indexed;
    }

    private Sweep importFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return importer.importArgExport(file.getFileName().toString(), in);
        }
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }
}
