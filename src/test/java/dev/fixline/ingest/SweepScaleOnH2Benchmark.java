package dev.fixline.ingest;

import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link SweepScale} on the embedded default, H2 in memory. */
@Tag("benchmark")
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:fixline-scale-${random.uuid};DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=60000",
        "camunda.bpm.generate-unique-process-engine-name=true",
        "fixline.samples.import-on-first-start=false",
        "fixline.ingest.inbox.enabled=false",
        "fixline.remediation.dispatcher.enabled=false",
})
class SweepScaleOnH2Benchmark extends SweepScale {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        common(registry);
    }

    @Override
    String database() {
        return "h2";
    }
}
