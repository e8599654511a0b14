package dev.fixline.web;

import dev.fixline.ApplicationTest;
import dev.fixline.TestInfrastructure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.UUID;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The SLA report's SQL on a real PostgreSQL (the run's shared server), each test in a database of its own so
 * that other classes' cases stay out of the figures. The context closes after each test, while the server runs.
 */
@ApplicationTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
@Import(SlaReportTest.Clocks.class)
class SlaReportOnPostgresTest extends SlaReportTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        EmbeddedPostgres pg = TestInfrastructure.postgres();
        registry.add("spring.datasource.url", () -> pg.getJdbcUrl("postgres", newDatabase(pg)));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    private static String newDatabase(EmbeddedPostgres pg) {
        String name = "fixline_sla_" + UUID.randomUUID().toString().replace("-", "");
        try (var connection = pg.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create the SLA report's database", e);
        }
        return name;
    }
}
