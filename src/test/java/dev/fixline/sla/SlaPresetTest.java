package dev.fixline.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fixline.finding.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlaPresetTest {

    private final Instant detected = Instant.parse("2026-01-05T12:00:00Z");

    private static SlaPolicy policy(String preset, Map<Severity, Integer> days) {
        return new SlaPolicy(new SlaProperties(days, Duration.ofDays(7), preset, null, null, null, null));
    }

    private int days(SlaPolicy policy, Severity severity) {
        SlaDates dates = policy.compute(severity, detected);
        // Without a calendar N days are exactly N × 24 hours.
        assertThat(dates.dueAt()).isEqualTo(detected.plus(Duration.ofDays(dates.days())));
        return dates.days();
    }

    @Test
    void theDefaultPreset() {
        SlaPolicy policy = policy(null, null);
        assertThat(days(policy, Severity.CRITICAL)).isEqualTo(7);
        assertThat(days(policy, Severity.HIGH)).isEqualTo(30);
        assertThat(days(policy, Severity.MEDIUM)).isEqualTo(90);
        assertThat(days(policy, Severity.LOW)).isEqualTo(180);
        assertThat(policy.compute(Severity.HIGH, detected).basis())
                .isEqualTo("High: 30 days (preset default) from first detection 2026-01-05T12:00:00Z");
    }

    @Test
    void cisaBod1902SetsCriticalAndHighAndLeavesTheRestAtTheDefault() {
        SlaPolicy policy = policy("cisa-bod-19-02", null);
        assertThat(days(policy, Severity.CRITICAL)).isEqualTo(15);
        assertThat(days(policy, Severity.HIGH)).isEqualTo(30);
        assertThat(days(policy, Severity.MEDIUM)).isEqualTo(90);
        assertThat(days(policy, Severity.LOW)).isEqualTo(180);
        assertThat(policy.compute(Severity.CRITICAL, detected).basis()).contains("15 days (preset cisa-bod-19-02)");
    }

    @Test
    void fedrampTreatsCriticalAsHigh() {
        SlaPolicy policy = policy("fedramp", null);
        assertThat(days(policy, Severity.CRITICAL)).isEqualTo(30);
        assertThat(days(policy, Severity.HIGH)).isEqualTo(30);
        assertThat(days(policy, Severity.MEDIUM)).isEqualTo(90);
        assertThat(days(policy, Severity.LOW)).isEqualTo(180);
    }

    @Test
    void pciGivesCriticalAndHighThirtyDays() {
        SlaPolicy policy = policy("pci", null);
        assertThat(days(policy, Severity.CRITICAL)).isEqualTo(30);
        assertThat(days(policy, Severity.HIGH)).isEqualTo(30);
        assertThat(days(policy, Severity.MEDIUM)).isEqualTo(90);
        assertThat(days(policy, Severity.LOW)).isEqualTo(180);
    }

    @Test
    void presetNamesIgnoreCaseAndUnderscores() {
        assertThat(SlaPreset.named("CISA_BOD_19_02")).isEqualTo(SlaPreset.CISA_BOD_19_02);
        assertThat(SlaPreset.named(" PCI ")).isEqualTo(SlaPreset.PCI);
        assertThat(SlaPreset.named("")).isEqualTo(SlaPreset.DEFAULT);
        assertThat(new SlaProperties(null, null, "FedRAMP", null, null, null, null).preset()).isEqualTo("fedramp");
    }

    @Test
    void anUnknownPresetNamesTheValidOnes() {
        assertThatThrownBy(() -> new SlaProperties(null, null, "nist", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown SLA preset 'nist' (fixline.sla.preset); use one of: default, cisa-bod-19-02,"
                        + " fedramp, pci");
    }

    @Test
    void configuredDaysOverrideOnlyTheirOwnEntriesOfThePreset() {
        SlaProperties properties = new SlaProperties(Map.of(Severity.HIGH, 14), null, "pci", null, null, null, null);
        assertThat(properties.days()).containsExactlyInAnyOrderEntriesOf(
                Map.of(Severity.CRITICAL, 30, Severity.HIGH, 14, Severity.MEDIUM, 90, Severity.LOW, 180));
        SlaPolicy policy = new SlaPolicy(properties);
        assertThat(policy.compute(Severity.HIGH, detected).basis()).contains("14 days (fixline.sla.days)");
        assertThat(policy.compute(Severity.CRITICAL, detected).basis()).contains("30 days (preset pci)");
    }

    @Test
    void theTwoArgumentConstructorKeepsTheDefaultsOfEverythingElse() {
        SlaProperties properties = new SlaProperties(null, Duration.ofDays(7));
        assertThat(properties.preset()).isEqualTo("default");
        assertThat(properties.days()).isEqualTo(SlaPreset.DEFAULT.days());
        assertThat(properties.teams()).isEmpty();
        assertThat(properties.calendars()).isEmpty();
        assertThat(properties.noFix()).isEqualTo(new NoFixPolicy(NoFixPolicy.Mode.SEPARATE_SLA, 365));
        assertThat(properties.kev().source()).isNull();
        assertThat(properties.kev().refresh()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void dayCountsMustBePositive() {
        assertThatThrownBy(() -> new SlaProperties(Map.of(Severity.HIGH, 0), null))
                .hasMessageContaining("fixline.sla.days.HIGH must be a whole number of days, at least 1: 0");
        assertThatThrownBy(() -> new SlaProperties(null, Duration.ofDays(-1)))
                .hasMessageContaining("reminder-before-due must not be negative");
    }
}
