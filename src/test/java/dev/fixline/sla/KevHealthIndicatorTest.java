package dev.fixline.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.SimpleStatusAggregator;
import org.springframework.boot.actuate.health.Status;

/** The {@code kev} component of /actuator/health, on CISA's published catalog (samples/kev.json). */
class KevHealthIndicatorTest {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-01-12T06:00:00Z"));

    private KevHealthIndicator indicator(KevCatalog catalog) {
        return new KevHealthIndicator(catalog, KevProperties.DEFAULT_MAX_AGE, clock);
    }

    @Test
    void upWithTheCatalogsVersionReleaseCveCountAndLastLoad() throws IOException {
        KevCatalog catalog = new KevCatalog(new KevProperties("samples/kev.json", null), clock);
        assertThat(catalog.refresh()).isTrue();

        Health health = indicator(catalog).health();
        JsonNode published = new ObjectMapper().readTree(Files.readAllBytes(Path.of("samples/kev.json")));
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails())
                .containsEntry("source", "samples/kev.json")
                .containsEntry("catalogVersion", published.get("catalogVersion").asText())
                .containsEntry("dateReleased", Instant.parse(published.get("dateReleased").asText()))
                .containsEntry("cves", published.get("count").asInt())
                .containsEntry("loadedAt", Instant.parse("2026-01-12T06:00:00Z"))
                .containsEntry("maxAge", "PT72H")
                .doesNotContainKeys("lastFailure", "unreadableEntries");
        assertThat(health.getDetails().get("catalogVersion")).isEqualTo("2025.02.25");
    }

    @Test
    void degradedWhileNoLoadHasSucceededWithTheReason() {
        KevCatalog catalog = new KevCatalog(new KevProperties(dir.resolve("missing.json").toString(), null), clock);
        assertThat(catalog.refresh()).isFalse();

        Health health = indicator(catalog).health();
        assertThat(health.getStatus().getCode()).isEqualTo("DEGRADED");
        assertThat(health.getStatus().getDescription()).startsWith("the KEV catalog has not loaded yet");
        assertThat(health.getDetails()).containsEntry("cves", 0).doesNotContainKeys("loadedAt", "catalogVersion");
        assertThat((String) health.getDetails().get("lastFailure")).contains("NoSuchFileException", "missing.json");
        assertThat(new SimpleStatusAggregator().getAggregateStatus(Status.UP, health.getStatus()))
                .as("the overall status stays UP, as for ticketing").isEqualTo(Status.UP);
    }

    @Test
    void aHealthCheckNeverLoadsTheCatalogItself() {
        KevCatalog catalog = new KevCatalog(new KevProperties("samples/kev.json", null), clock);
        assertThat(indicator(catalog).health().getStatus().getCode()).isEqualTo("DEGRADED");
        assertThat(catalog.loadedAt()).as("a health probe must not wait for CISA").isNull();
    }

    @Test
    void degradedOnceTheLastSuccessfulLoadIsOlderThanTheMaximumAge() throws IOException {
        Path file = KevFiles.write(dir.resolve("kev.json"), KevFiles.catalog("CVE-2021-44228,2021-12-10,2021-12-24"));
        KevCatalog catalog = new KevCatalog(new KevProperties(file.toString(), null), clock);
        assertThat(catalog.refresh()).isTrue();
        Instant loaded = clock.instant();
        Files.writeString(file, "<html>Service Unavailable</html>");

        clock.advance(Duration.ofDays(3));
        assertThat(catalog.refresh()).isFalse();
        Health stillFresh = indicator(catalog).health();
        assertThat(stillFresh.getStatus()).as("exactly max-age old: a long weekend").isEqualTo(Status.UP);
        assertThat(stillFresh.getDetails()).containsEntry("loadedAt", loaded).containsKey("lastFailure");

        clock.advance(Duration.ofMinutes(1));
        Health stale = indicator(catalog).health();
        assertThat(stale.getStatus().getCode()).isEqualTo("DEGRADED");
        assertThat(stale.getStatus().getDescription()).contains("older than fixline.sla.kev.max-age");
        assertThat(stale.getDetails()).containsEntry("loadedAt", loaded).containsEntry("cves", 1)
                .containsEntry("catalogVersion", "2026.01.01");
        assertThat((String) stale.getDetails().get("lastFailure")).startsWith("invalid JSON");
    }

    @Test
    void withoutASourceKevIsOffAndTheComponentSaysSoWithoutAnAlarm() {
        Health health = indicator(KevCatalog.empty()).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("source", "none")
                .containsEntry("note", "KEV is off: no fixline.sla.kev.source is configured");
    }

    @Test
    void aMaximumAgeNotLongerThanTheRefreshStopsStartup() {
        assertThatThrownBy(() -> new KevProperties(null, Duration.ofDays(3), null, Duration.ofDays(3)))
                .hasMessage("fixline.sla.kev.max-age (PT72H) must be longer than fixline.sla.kev.refresh (PT72H)");
    }
}
