package dev.fixline.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.finding.Severity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlaNoFixTest {

    private final Instant detected = Instant.parse("2026-02-01T00:00:00Z");
    private final Instant fixAppeared = Instant.parse("2026-05-01T00:00:00Z");

    private static SlaPolicy policy(NoFixPolicy noFix) {
        return new SlaPolicy(new SlaProperties(null, Duration.ofDays(7), null,
                Map.of("payments", new TeamSla(Map.of(Severity.LOW, 400), null)), null, noFix, null));
    }

    @Test
    void separateSlaUsesTheLongerNoFixDaysFromFirstDetection() {
        SlaPolicy policy = policy(null); // the default: SEPARATE_SLA, 365 days
        SlaDates dates = policy.compute(SlaRequest.of(Severity.HIGH, detected).withFix("NoFixAvailable", null));
        assertThat(dates.days()).isEqualTo(365);
        assertThat(dates.dueAt()).isEqualTo(detected.plus(Duration.ofDays(365)));
        assertThat(dates.clockStart()).isEqualTo(detected);
        assertThat(dates.basis()).isEqualTo(
                "High: 365 days (no fix available: fixline.sla.no-fix.days) from first detection 2026-02-01T00:00:00Z");
    }

    @Test
    void separateSlaOnceAFixExistsIsTheSeveritysDaysFromFirstDetection() {
        SlaDates dates = policy(null).compute(SlaRequest.of(Severity.HIGH, detected).withFix("FixAvailable", fixAppeared));
        assertThat(dates.days()).isEqualTo(30);
        assertThat(dates.clockStart()).isEqualTo(detected);
        assertThat(dates.dueAt()).isEqualTo(Instant.parse("2026-03-03T00:00:00Z"));
    }

    @Test
    void theSeparateSlaNeverShortensALongerSeverityWindow() {
        SlaDates dates = policy(null).compute(SlaRequest.of(Severity.LOW, detected).withTeam("payments")
                .withFix("nofixavailable", null));
        assertThat(dates.days()).isEqualTo(400);
        assertThat(dates.basis()).contains("400 days (team payments, longer than fixline.sla.no-fix.days)");
    }

    @Test
    void clockFromFixUsesTheSeparateSlaUntilAFixAppears() {
        SlaPolicy policy = policy(new NoFixPolicy(NoFixPolicy.Mode.CLOCK_FROM_FIX, 180));
        SlaDates waiting = policy.compute(SlaRequest.of(Severity.HIGH, detected).withFix("NoFixAvailable", null));
        // Never null: the process's timers and the user task need a date.
        assertThat(waiting.dueAt()).isEqualTo(detected.plus(Duration.ofDays(180)));
        assertThat(waiting.clockStart()).isEqualTo(detected);
        assertThat(waiting.basis()).isEqualTo("High: 180 days (no fix available: fixline.sla.no-fix.days until a fix"
                + " appears, then 30 by preset default from the fix) from first detection 2026-02-01T00:00:00Z");
    }

    @Test
    void clockFromFixStartsTheSeveritysDaysWhenTheFixAppeared() {
        SlaPolicy policy = policy(new NoFixPolicy(NoFixPolicy.Mode.CLOCK_FROM_FIX, 180));
        SlaDates fixed = policy.compute(SlaRequest.of(Severity.HIGH, detected).withFix("FixAvailable", fixAppeared));
        assertThat(fixed.clockStart()).isEqualTo(fixAppeared);
        assertThat(fixed.dueAt()).isEqualTo(Instant.parse("2026-05-31T00:00:00Z"));
        assertThat(fixed.remindAt()).isEqualTo(Instant.parse("2026-05-24T00:00:00Z"));
        assertThat(fixed.basis()).isEqualTo(
                "High: 30 days (preset default) from the fix appearing 2026-05-01T00:00:00Z");
    }

    @Test
    void clockFromFixNeverStartsBeforeFirstDetection() {
        SlaPolicy policy = policy(new NoFixPolicy(NoFixPolicy.Mode.CLOCK_FROM_FIX, 180));
        SlaDates dates = policy.compute(SlaRequest.of(Severity.HIGH, detected)
                .withFix("FixAvailable", detected.minus(Duration.ofDays(10))));
        assertThat(dates.clockStart()).isEqualTo(detected);
        // Unknown fix time: the clock starts at first detection too.
        assertThat(policy.compute(SlaRequest.of(Severity.HIGH, detected).withFix("FixAvailable", null)).clockStart())
                .isEqualTo(detected);
    }

    @Test
    void aKevDateStillAppliesWithoutAFix(@TempDir Path dir) throws IOException {
        Path file = KevFiles.write(dir.resolve("kev.json"), KevFiles.catalog("CVE-2023-4911,2026-02-10,2026-03-03"));
        SlaPolicy policy = new SlaPolicy(new SlaProperties(null, Duration.ofDays(7)),
                new KevCatalog(new KevProperties(file.toString(), null), new TestClock(detected)));
        SlaDates dates = policy.compute(SlaRequest.of(Severity.HIGH, detected).withVulnerability("CVE-2023-4911")
                .withFix("NoFixAvailable", null));
        assertThat(dates.dueAt()).isEqualTo(Instant.parse("2026-03-03T23:59:59Z"));
        assertThat(dates.days()).isEqualTo(365);
        assertThat(dates.kev()).isTrue();
    }

    @Test
    void aKevDateBeforeTheFixAppearedLeavesNoReminderAfterTheDueDate(@TempDir Path dir) throws IOException {
        // Listed after detection with CISA's usual 14 days; the fix only appeared later, so the clock starts after
        // the due date and halfway from it would be a reminder after the case is due.
        Path file = KevFiles.write(dir.resolve("kev.json"), KevFiles.catalog("CVE-2023-4911,2026-02-10,2026-02-24"));
        SlaPolicy policy = new SlaPolicy(new SlaProperties(null, Duration.ofDays(7), null, null, null,
                new NoFixPolicy(NoFixPolicy.Mode.CLOCK_FROM_FIX, 180), null),
                new KevCatalog(new KevProperties(file.toString(), null), new TestClock(detected)));
        SlaDates dates = policy.compute(SlaRequest.of(Severity.HIGH, detected).withVulnerability("CVE-2023-4911")
                .withFix("FixAvailable", fixAppeared));
        assertThat(dates.clockStart()).isEqualTo(fixAppeared);
        assertThat(dates.dueAt()).isEqualTo(Instant.parse("2026-02-24T23:59:59Z"));
        assertThat(dates.remindAt()).isNull();
        assertThat(dates.reminders(0.5)).isEmpty();
    }
}
