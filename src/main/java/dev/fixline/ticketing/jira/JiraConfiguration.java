package dev.fixline.ticketing.jira;

import dev.fixline.limits.InputLimits;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.web.client.RestClient;

/** Jira ticketing, when {@code fixline.ticketing.jira.base-url} is set. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "fixline.ticketing.jira", name = "base-url")
public class JiraConfiguration {

    private static final Logger log = LoggerFactory.getLogger(JiraConfiguration.class);

    /** Primary: where tickets go when Jira is configured, rather than the built-in log. */
    @Bean
    @Primary
    JiraTracker jiraTracker(JiraProperties properties, RestClient.Builder restClientBuilder, Clock clock) {
        log.info("Tickets go to Jira {} at {}", properties.flavor(), properties.site());
        return new JiraTracker(properties, new JiraClient(properties, restClientBuilder, clock), clock);
    }

    @Bean
    JiraWebhookParser jiraWebhookParser(InputLimits limits) {
        return new JiraWebhookParser(limits);
    }
}
