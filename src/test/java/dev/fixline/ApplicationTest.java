package dev.fixline;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole application on a fresh in-memory H2 database and a random port, with the engine's job
 * executor and the case dispatcher off so that tests drive jobs and timers themselves. Test classes
 * with the same annotations share one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:fixline-${random.uuid};DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=60000",
        "camunda.bpm.job-execution.enabled=false",
        "camunda.bpm.generate-unique-process-engine-name=true",
        "fixline.samples.import-on-first-start=false",
        "fixline.ingest.inbox.enabled=false",
        "fixline.remediation.dispatcher.enabled=false",
})
public @interface ApplicationTest {
}
