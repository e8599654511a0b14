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
        String url = TestInfrastructure.newPostgresDatabaseUrl("sweep_scale");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @Override
    String database() {
        return "postgres";
    }
}
