package dev.fixline.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fixline.finding.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Days come from the ownership rule, else the team, else fixline.sla.days, else the preset. */
class SlaPrecedenceTest {

    private final Instant detected = Instant.parse("2026-06-01T08:00:00Z");
    private final SlaPolicy policy = new SlaPolicy(new SlaProperties(
            Map.of(Severity.HIGH, 20), Duration.ofDays(7), "pci",
            Map.of("Payments", new TeamSla(Map.of(Severity.HIGH, 10, Severity.CRITICAL, 5), null)),
            null, null, null));

    private SlaDates compute(SlaRequest request) {
        return policy.compute(request);
    }

    @Test
    void theRuleWinsOverTheTeam() {
        SlaDates dates = compute(SlaRequest.of(Severity.CRITICAL, detected).withTeam("payments")
                .withRuleDays(Map.of(Severity.CRITICAL, 3)));
        assertThat(dates.days()).isEqualTo(3);
        assertThat(dates.dueAt()).isEqualTo(Instant.parse("2026-06-04T08:00:00Z"));
        assertThat(dates.basis()).isEqualTo("Critical: 3 days (ownership rule) from first detection 2026-06-01T08:00:00Z");
    }

    @Test
    void theTeamWinsOverConfiguredDaysAndTeamNamesIgnoreCase() {
        SlaDates dates = compute(SlaRequest.of(Severity.HIGH, detected).withTeam("PAYMENTS")
                .withRuleDays(Map.of(Severity.CRITICAL, 3)));
        assertThat(dates.days()).isEqualTo(10);
        assertThat(dates.basis()).contains("10 days (team PAYMENTS)");
    }

    @Test
    void configuredDaysWinOverThePreset() {
        assertThat(compute(SlaRequest.of(Severity.HIGH, detected).withTeam("web")).days()).isEqualTo(20);
        assertThat(compute(SlaRequest.of(Severity.HIGH, detected)).days()).isEqualTo(20);
    }

    @Test
    void thePresetFillsInTheRest() {
        assertThat(compute(SlaRequest.of(Severity.CRITICAL, detected).withTeam("web")).days()).isEqualTo(30);
        // pci names no Medium: the default preset's 90.
        assertThat(compute(SlaRequest.of(Severity.MEDIUM, detected).withTeam("payments")).days()).isEqualTo(90);
    }

    @Test
    void aRuleWithoutTheSeverityFallsThrough() {
        SlaDates dates = compute(SlaRequest.of(Severity.HIGH, detected).withTeam("payments")
                .withRuleDays(Map.of(Severity.CRITICAL, 3)));
        assertThat(dates.days()).isEqualTo(10);
    }

    @Test
    void theReminderIsAtMostHalfwayThroughTheChosenWindow() {
        SlaDates dates = compute(SlaRequest.of(Severity.CRITICAL, detected).withRuleDays(Map.of(Severity.CRITICAL, 3)));
        assertThat(dates.remindAt()).isEqualTo(Instant.parse("2026-06-02T20:00:00Z"));
        SlaDates high = compute(SlaRequest.of(Severity.HIGH, detected));
        assertThat(high.remindAt()).isEqualTo(high.dueAt().minus(Duration.ofDays(7)));
    }

    @Test
    void ruleDaysMustBePositive() {
        assertThatThrownBy(() -> SlaRequest.of(Severity.HIGH, detected).withRuleDays(Map.of(Severity.HIGH, -1)))
                .hasMessageContaining("must be a whole number of days, at least 1");
    }

    @Test
    void aTeamMayOnlyNameAKnownCalendar() {
        assertThatThrownBy(() -> new SlaProperties(null, null, null, Map.of("payments", new TeamSla(null, "emea")),
                null, null, null))
                .hasMessage("fixline.sla.teams.payments.calendar: no calendar 'emea' under fixline.sla.calendars"
                        + " (known: [])");
    }
}
