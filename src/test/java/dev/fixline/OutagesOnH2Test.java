package dev.fixline;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The outages on the embedded H2 database, waiting one second for a lock (H2's {@code LOCK_TIMEOUT}). */
@ApplicationTest
@Import(RemediationLoopTest.Clocks.class)
class OutagesOnH2Test extends OutagesTest {

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url",
                () -> "jdbc:h2:mem:fixline-outages;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=1000");
    }

    @Override
    String database() {
        return "H2";
    }
}
