package dev.fixline.ticketing.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fixline.ticketing.jira.JiraProperties.Flavor;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.client.RestClient;

/** Binding {@code fixline.ticketing.jira.*} (with Spring Boot's binder, no application context). */
class JiraPropertiesTest {

    private static JiraProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("fixline.ticketing.jira", JiraProperties.class);
    }

    @Test
    void withoutBaseUrlJiraIsOffAndNothingIsRequired() {
        JiraProperties p = bind(Map.of());

        assertThat(p.configured()).isFalse();
        assertThat(p.flavor()).isEqualTo(Flavor.CLOUD);
        assertThat(p.issueType()).isEqualTo("Task");
        assertThat(p.doneTransition()).isEqualTo("Done");
        assertThat(p.reopenTransition()).isEqualTo("Reopen");
        assertThat(p.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.maxRetryAfterWait()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void bindsDataCenterWithItsToken() {
        JiraProperties p = bind(Map.of(
                "fixline.ticketing.jira.base-url", "https://jira.example.com/jira/",
                "fixline.ticketing.jira.flavor", "data-center",
                "fixline.ticketing.jira.personal-access-token", "NjM4MDc2-dc-secret",
                "fixline.ticketing.jira.read-timeout", "10s"));

        assertThat(p.flavor()).isEqualTo(Flavor.DATA_CENTER);
        assertThat(p.readTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.site()).isEqualTo("https://jira.example.com/jira");
    }

    @Test
    void cloudWithoutApiTokenNamesTheMissingProperty() {
        assertThatThrownBy(() -> bind(Map.of(
                "fixline.ticketing.jira.base-url", "https://acme.atlassian.net",
                "fixline.ticketing.jira.email", "fixline-bot@example.com")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("fixline.ticketing.jira.api-token");
    }

    @Test
    void dataCenterWithoutTokenNamesTheMissingProperty() {
        assertThatThrownBy(() -> new JiraProperties(URI.create("https://jira.example.com"), Flavor.DATA_CENTER,
                null, null, " ", null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fixline.ticketing.jira.personal-access-token");
    }

    @Test
    void toStringShowsNoSecret() {
        JiraProperties p = new JiraProperties(URI.create("https://bot:pw@acme.atlassian.net"), Flavor.CLOUD,
                "fixline-bot@example.com", "ATATT3xFfGF0-cloud-secret", "pat-secret", null, null, null, null, null, null);

        assertThat(p.toString()).doesNotContain("ATATT3xFfGF0-cloud-secret").doesNotContain("pat-secret")
                .doesNotContain("pw").contains("https://acme.atlassian.net").contains("apiToken=(set)");
    }

    @Test
    void theConfigurationBuildsATrackerNamedByFlavour() {
        JiraConfiguration configuration = new JiraConfiguration();

        assertThat(configuration.jiraTracker(JiraTestSupport.cloud("https://acme.atlassian.net"), RestClient.builder(),
                java.time.Clock.systemUTC()).name()).isEqualTo("jira-cloud");
        assertThat(configuration.jiraTracker(JiraTestSupport.dataCenter("https://jira.example.com"), RestClient.builder(),
                java.time.Clock.systemUTC()).name()).isEqualTo("jira-data-center");
    }
}
