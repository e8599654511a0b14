package dev.fixline.ingest;

import dev.fixline.ApplicationTest;
import dev.fixline.TestInfrastructure;
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
        String url = TestInfrastructure.newPostgresDatabaseUrl("sweep_at_scale");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }
}
