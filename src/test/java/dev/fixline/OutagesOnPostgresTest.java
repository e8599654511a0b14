package dev.fixline;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The outages on a real PostgreSQL 17, in a database of their own, waiting one second for a lock
 * ({@code lock_timeout}). The context closes after this class, while the shared server still runs.
 */
@ApplicationTest
@DirtiesContext
@Import(RemediationLoopTest.Clocks.class)
class OutagesOnPostgresTest extends OutagesTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        EmbeddedPostgres pg = TestInfrastructure.postgres();
        registry.add("spring.datasource.url",
                () -> pg.getJdbcUrl("postgres", outagesDatabase(pg)) + "&options=-c%20lock_timeout%3D1000");
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    /** A database of its own, so that other test classes' cases and sweeps on the shared server stay out. */
    private static String outagesDatabase(EmbeddedPostgres pg) {
        try (var connection = pg.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'fixline_outages'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE fixline_outages");
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create the outages database", e);
        }
        return "fixline_outages";
    }

    @Override
    String database() {
        return "PostgreSQL";
    }
}
