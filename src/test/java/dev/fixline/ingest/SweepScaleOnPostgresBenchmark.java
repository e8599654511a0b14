package dev.fixline.ingest;

import dev.fixline.TestInfrastructure;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link SweepScale} on embedded PostgreSQL, in a database of its own. */
@Tag("benchmark")
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.generate-unique-process-engine-name=true",
        "fixline.samples.import-on-first-start=false",
        "fixline.ingest.inbox.enabled=false",
        "fixline.remediation.dispatcher.enabled=false",
})
class SweepScaleOnPostgresBenchmark extends SweepScale {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        common(registry);
        String database = "scale" + System.nanoTime();
        try (java.sql.Connection c = TestInfrastructure.postgres().getPostgresDatabase().getConnection()) {
            c.createStatement().execute("CREATE DATABASE " + database);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        registry.add("spring.datasource.url", () -> TestInfrastructure.postgres().getJdbcUrl("postgres", database));
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @Override
    String database() {
        return "postgres";
    }
}
