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

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        EmbeddedPostgres pg = TestInfrastructure.postgres();
        registry.add("spring.datasource.url", () -> pg.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }
}
