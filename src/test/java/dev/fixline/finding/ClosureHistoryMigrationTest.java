package dev.fixline.finding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.TestInfrastructure;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * V13 on a database that already holds closed findings and closed cases: every closure is kept in
 * {@code finding_closure}, and each closed case refers to one with the evidence it carried, on H2 and on
 * PostgreSQL.
 */
class ClosureHistoryMigrationTest {

    static final String EVIDENCE = "{\"rule\":\"FIXED_VERSION_OBSERVED\",\"sweepIds\":[\"s-2\"],\"digest\":\"sha256:bb22\","
            + "\"installedVersion\":\"3.0.2-0ubuntu1.12\",\"fixedVersion\":\"3.0.2-0ubuntu1.12\","
            + "\"explanation\":\"newer image sha256:bb22 shows openssl installed 3.0.2-0ubuntu1.12\"}";
    static final OffsetDateTime FINDING_CLOSED = OffsetDateTime.parse("2026-11-20T06:00:00Z");
    static final OffsetDateTime CASE_CLOSED = OffsetDateTime.parse("2026-11-20T06:00:07Z");

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void closedFindingsAndCasesKeepTheirEvidenceAsClosures(String database) {
        DataSource dataSource = empty(database);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("12").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update("""
                INSERT INTO finding (id, registry_host, repository, vulnerability_id, package_name, state, severity,
                  first_detected_at, last_seen_at, closed_at, closure_rule, closure_evidence, absent_sweeps,
                  reopen_count, created_at, updated_at) VALUES ('f-1', 'contosoprod.azurecr.io', 'shop/api',
                  'CVE-2023-5363', 'openssl', 'FIXED', 'HIGH', ?, ?, ?, 'FIXED_VERSION_OBSERVED', ?, 0, 0, ?, ?)""",
                FINDING_CLOSED.minusDays(9), FINDING_CLOSED, FINDING_CLOSED, EVIDENCE, FINDING_CLOSED.minusDays(9),
                FINDING_CLOSED);
        jdbc.update("""
                INSERT INTO remediation_case (id, state, resolution, severity, registry_host, repository,
                  vulnerability_id, package_name, first_detected_at, opened_at, closed_at, closure_evidence)
                VALUES ('c-1', 'CLOSED', 'FIXED', 'HIGH', 'contosoprod.azurecr.io', 'shop/api', 'CVE-2023-5363',
                  'openssl', ?, ?, ?, ?)""", FINDING_CLOSED.minusDays(9), FINDING_CLOSED.minusDays(9), CASE_CLOSED,
                EVIDENCE);
        jdbc.update("INSERT INTO case_finding (case_id, finding_id) VALUES ('c-1', 'f-1')");

        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM finding_closure WHERE finding_id = 'f-1'", Integer.class))
                .as("the finding's closure, and the case's at its own time").isEqualTo(2);
        Map<String, Object> c = jdbc.queryForMap(
                "SELECT closure_finding_id, closure_closed_at FROM remediation_case WHERE id = 'c-1'");
        assertThat(c.get("closure_finding_id")).isEqualTo("f-1");
        String evidence = jdbc.queryForObject("""
                SELECT fc.evidence FROM finding_closure fc JOIN remediation_case c
                  ON fc.finding_id = c.closure_finding_id AND fc.closed_at = c.closure_closed_at WHERE c.id = 'c-1'""",
                String.class);
        assertThat(evidence).isEqualTo(EVIDENCE);
    }

    private static DataSource empty(String database) {
        if (database.equals("h2")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:closure-history-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            h2.setUser("sa");
            return h2;
        }
        return TestInfrastructure.newPostgresDatabase("closure_history");
    }
}
