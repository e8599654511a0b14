package dev.fixline.ingest;

import dev.fixline.ApplicationTest;
import dev.fixline.TestInfrastructure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link SweepAtScale} on a real PostgreSQL, whose set-based statements differ from H2's plans. */
@ApplicationTest
@DirtiesContext
class SweepAtScaleOnPostgresTest extends SweepAtScale {

    /** A database of its own: the shared one's other tests count cases and findings over all of it. */
    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        EmbeddedPostgres pg = TestInfrastructure.postgres();
        String database = "sweep_at_scale_" + System.nanoTime();
        try (java.sql.Connection c = pg.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("CREATE DATABASE " + database);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        registry.add("spring.datasource.url", () -> pg.getJdbcUrl("postgres", database));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }
}
