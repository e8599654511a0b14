package dev.fixline.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.finding.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlaPolicyTest {

    private final SlaPolicy policy = new SlaPolicy(new SlaProperties(null, Duration.ofDays(7)));
    private final Instant detected = Instant.parse("2026-03-28T10:15:00Z");

    @Test
    void theClockStartsAtFirstDetectionWithTheDefaultDays() {
        SlaDates high = policy.compute(Severity.HIGH, detected);
        assertThat(high.dueAt()).isEqualTo(Instant.parse("2026-04-27T10:15:00Z"));
        assertThat(high.remindAt()).isEqualTo(Instant.parse("2026-04-20T10:15:00Z"));
        assertThat(high.clockStart()).isEqualTo(detected);
        assertThat(policy.compute(Severity.LOW, detected).days()).isEqualTo(180);
        assertThat(policy.compute(Severity.MEDIUM, detected).days()).isEqualTo(90);
    }

    @Test
    void theReminderIsAtMostHalfwayThroughAShortWindow() {
        SlaDates critical = policy.compute(Severity.CRITICAL, detected);
        assertThat(critical.dueAt()).isEqualTo(Instant.parse("2026-04-04T10:15:00Z"));
        assertThat(critical.remindAt()).isEqualTo(Instant.parse("2026-03-31T22:15:00Z"));
    }

    @Test
    void configuredDaysReplaceTheDefaults() {
        SlaPolicy pci = new SlaPolicy(new SlaProperties(Map.of(Severity.CRITICAL, 30, Severity.HIGH, 30),
                Duration.ofHours(72)));
        SlaDates critical = pci.compute(Severity.CRITICAL, detected);
        assertThat(critical.dueAt()).isEqualTo(Instant.parse("2026-04-27T10:15:00Z"));
        assertThat(critical.remindAt()).isEqualTo(Instant.parse("2026-04-24T10:15:00Z"));
    }

    @Test
    void aOneDayPolicyListsOnlyRemindersBeforeTheDueDate() {
        SlaPolicy oneDay = new SlaPolicy(new SlaProperties(Map.of(Severity.HIGH, 1), Duration.ofDays(7)));
        SlaDates dates = oneDay.compute(Severity.HIGH, detected);
        Instant due = Instant.parse("2026-03-29T10:15:00Z");
        assertThat(dates.dueAt()).isEqualTo(due);
        assertThat(dates.remindAt()).as("7 days before is before detection: halfway instead")
                .isEqualTo(Instant.parse("2026-03-28T22:15:00Z"));
        assertThat(dates.reminders(0.5)).as("the halfway reminder is that same instant: listed once")
                .containsExactly(Instant.parse("2026-03-28T22:15:00Z"));
        assertThat(dates.reminders(0.25)).containsExactly(Instant.parse("2026-03-28T16:15:00Z"),
                Instant.parse("2026-03-28T22:15:00Z"));
        assertThat(dates.reminders(0.9)).as("an early reminder after the later one is none")
                .containsExactly(Instant.parse("2026-03-28T22:15:00Z"));
        assertThat(dates.reminders(0)).containsExactly(Instant.parse("2026-03-28T22:15:00Z"));
    }

    @Test
    void noReminderBeforeDueMeansNoLaterReminderButKeepsTheEarlyOne() {
        SlaDates high = new SlaPolicy(new SlaProperties(null, Duration.ZERO)).compute(Severity.HIGH, detected);
        assertThat(high.remindAt()).isNull();
        assertThat(high.reminders(0.5)).containsExactly(Instant.parse("2026-04-12T10:15:00Z"));
    }
}
