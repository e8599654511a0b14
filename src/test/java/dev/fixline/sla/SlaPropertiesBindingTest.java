package dev.fixline.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fixline.finding.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/** Binds {@code fixline.sla} the way Spring Boot does at startup, without starting a context. */
class SlaPropertiesBindingTest {

    private static SlaProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("fixline.sla", Bindable.of(SlaProperties.class));
    }

    @Test
    void nothingConfiguredGivesTheDefaults() {
        SlaProperties properties = bind(Map.of());
        assertThat(properties.preset()).isEqualTo("default");
        assertThat(properties.days()).isEqualTo(SlaPreset.DEFAULT.days());
        assertThat(properties.reminderBeforeDue()).isEqualTo(Duration.ofDays(7));
        assertThat(properties.noFix()).isEqualTo(new NoFixPolicy(NoFixPolicy.Mode.SEPARATE_SLA, 365));
        assertThat(properties.kev().source()).isNull();
        assertThat(properties.kev().refresh()).isEqualTo(Duration.ofDays(1));
        assertThat(properties.kev().minimumWindow()).as("CISA's window for new listings").isEqualTo(Duration.ofDays(14));
        assertThat(properties.kev().maxAge()).isEqualTo(Duration.ofDays(3));
        assertThat(properties.teams()).isEmpty();
    }

    @Test
    void everythingBinds() {
        SlaProperties properties = bind(Map.ofEntries(
                Map.entry("fixline.sla.preset", "cisa-bod-19-02"),
                Map.entry("fixline.sla.days.HIGH", "21"),
                Map.entry("fixline.sla.reminder-before-due", "72h"),
                Map.entry("fixline.sla.teams.payments.days.CRITICAL", "5"),
                Map.entry("fixline.sla.teams.payments.calendar", "emea"),
                Map.entry("fixline.sla.calendars.emea.zone", "Europe/Berlin"),
                Map.entry("fixline.sla.calendars.emea.holidays[0]", "2026-12-25"),
                Map.entry("fixline.sla.calendars.emea.holidays[1]", "2026-12-26"),
                Map.entry("fixline.sla.calendars.us.zone", "America/New_York"),
                Map.entry("fixline.sla.calendars.us.working-days", "MONDAY,TUESDAY,WEDNESDAY,THURSDAY"),
                Map.entry("fixline.sla.no-fix.mode", "clock-from-fix"),
                Map.entry("fixline.sla.no-fix.days", "270"),
                Map.entry("fixline.sla.kev.source", "samples/kev.json"),
                Map.entry("fixline.sla.kev.refresh", "12h"),
                Map.entry("fixline.sla.kev.minimum-window", "0"),
                Map.entry("fixline.sla.kev.max-age", "P2D")));
        assertThat(properties.preset()).isEqualTo("cisa-bod-19-02");
        assertThat(properties.days()).containsEntry(Severity.CRITICAL, 15).containsEntry(Severity.HIGH, 21)
                .containsEntry(Severity.LOW, 180);
        assertThat(properties.reminderBeforeDue()).isEqualTo(Duration.ofHours(72));
        assertThat(properties.teams().get("payments")).isEqualTo(new TeamSla(Map.of(Severity.CRITICAL, 5), "emea"));
        CalendarProperties emea = properties.calendars().get("emea");
        assertThat(emea.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(emea.workingDays()).isEqualTo(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
        assertThat(emea.holidays()).containsExactly(LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 26));
        assertThat(properties.calendars().get("us").workingDays()).hasSize(4).doesNotContain(DayOfWeek.FRIDAY);
        assertThat(properties.noFix()).isEqualTo(new NoFixPolicy(NoFixPolicy.Mode.CLOCK_FROM_FIX, 270));
        assertThat(properties.kev()).isEqualTo(new KevProperties("samples/kev.json", Duration.ofHours(12),
                Duration.ZERO, Duration.ofDays(2)));
    }

    @Test
    void theYamlExampleOfTheConfigurationPageBinds() throws IOException {
        String yaml = """
                fixline:
                  sla:
                    preset: cisa-bod-19-02
                    teams:
                      payments: { days: { CRITICAL: 5 }, calendar: emea }
                      web: { calendar: us }
                    calendars:
                      emea: { zone: Europe/Berlin, holidays: [2026-12-24, 2026-12-25, 2026-12-26] }
                      us: { zone: America/New_York, holidays: [2026-11-26, 2026-12-25] }
                    no-fix: { mode: CLOCK_FROM_FIX, days: 270 }
                    kev:
                      source: https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json
                      refresh: P1D
                """;
        List<PropertySource<?>> sources = new YamlPropertySourceLoader()
                .load("example", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
        SlaProperties properties = new Binder(ConfigurationPropertySources.from(sources))
                .bindOrCreate("fixline.sla", Bindable.of(SlaProperties.class));
        assertThat(properties.days()).isEqualTo(SlaPreset.CISA_BOD_19_02.days());
        assertThat(properties.teams().get("payments")).isEqualTo(new TeamSla(Map.of(Severity.CRITICAL, 5), "emea"));
        assertThat(properties.teams().get("web").calendar()).isEqualTo("us");
        assertThat(properties.calendars().get("emea").holidays()).containsExactly(LocalDate.of(2026, 12, 24),
                LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 26));
        assertThat(properties.calendars().get("us").zone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(properties.noFix()).isEqualTo(new NoFixPolicy(NoFixPolicy.Mode.CLOCK_FROM_FIX, 270));
        assertThat(properties.kev().source()).startsWith("https://www.cisa.gov/");
    }

    @Test
    void aCalendarWithOnlyAZoneWorksMondayToFriday() {
        CalendarProperties calendar = bind(Map.of("fixline.sla.calendars.apac.zone", "Asia/Tokyo"))
                .calendars().get("apac");
        assertThat(calendar.workingDays()).isEqualTo(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
        assertThat(calendar.holidays()).isEqualTo(List.of());
    }

    @Test
    void anUnknownPresetStopsStartupWithTheValidNames() {
        assertThatThrownBy(() -> bind(Map.of("fixline.sla.preset", "nist-800-53")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessage("Unknown SLA preset 'nist-800-53' (fixline.sla.preset); use one of: default,"
                        + " cisa-bod-19-02, fedramp, pci");
    }

    @Test
    void aTeamNamingAMissingCalendarStopsStartup() {
        assertThatThrownBy(() -> bind(Map.of("fixline.sla.teams.web.calendar", "apac")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("fixline.sla.teams.web.calendar: no calendar 'apac'");
    }
}
