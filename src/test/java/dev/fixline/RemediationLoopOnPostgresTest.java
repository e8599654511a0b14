package dev.fixline;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same loop on a real PostgreSQL 17 server. The context closes right after this class, while the
 * shared server still runs, so that the engine never talks to a stopped database.
 */
@ApplicationTest
@DirtiesContext
@Import(RemediationLoopTest.Clocks.class)
class RemediationLoopOnPostgresTest extends RemediationLoopTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        EmbeddedPostgres pg = TestInfrastructure.postgres();
        registry.add("spring.datasource.url", () -> pg.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }
}
