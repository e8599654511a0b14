package dev.fixline.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fixline.finding.Severity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A KEV-listed CVE is due at the earlier of the policy's date and the end of the catalog's due date (UTC). */
class SlaKevTest {

    @TempDir
    Path dir;

    private SlaPolicy policy;
    private final Instant detected = Instant.parse("2023-11-20T10:00:00Z");

    @BeforeEach
    void catalog() throws IOException {
        Path file = KevFiles.write(dir.resolve("kev.json"), KevFiles.catalog(
                "CVE-2023-4911,2023-11-21,2023-12-12", "CVE-2021-44228,2021-12-10,2021-12-24"));
        KevCatalog kev = new KevCatalog(new KevProperties(file.toString(), null), new TestClock(detected));
        policy = new SlaPolicy(new SlaProperties(null, Duration.ofDays(7)), kev);
    }

    private SlaDates compute(Severity severity, String cve, Instant detectedAt) {
        return policy.compute(SlaRequest.of(severity, detectedAt).withVulnerability(cve));
    }

    @Test
    void aCatalogDateEarlierThanThePolicysWins() {
        SlaDates dates = compute(Severity.HIGH, "CVE-2023-4911", detected);
        assertThat(dates.dueAt()).isEqualTo(Instant.parse("2023-12-12T23:59:59Z"));
        assertThat(dates.remindAt()).isEqualTo(Instant.parse("2023-12-05T23:59:59Z"));
        assertThat(dates.days()).isEqualTo(30);
        assertThat(dates.kev()).isTrue();
        assertThat(dates.basis()).isEqualTo(
                "High: 30 days (preset default) from first detection 2023-11-20T10:00:00Z; KEV due 2023-12-12 is earlier");
    }

    @Test
    void aCatalogDateLaterThanThePolicysIsOnlyNoted() {
        SlaDates dates = compute(Severity.CRITICAL, "cve-2023-4911", detected);
        assertThat(dates.dueAt()).isEqualTo(Instant.parse("2023-11-27T10:00:00Z"));
        assertThat(dates.kev()).isTrue();
        assertThat(dates.basis()).endsWith("; KEV due 2023-12-12 is later");
    }

    @Test
    void aFindingDetectedAfterTheCatalogsDateGetsTheMinimumWindowNotABreach() {
        // Log4Shell in CISA's real catalog (samples/kev.json): added 2021-12-10, due 2021-12-24.
        SlaPolicy sample = withSampleCatalog(null);
        Instant found = Instant.parse("2026-03-01T09:30:00Z");
        SlaDates dates = sample.compute(SlaRequest.of(Severity.HIGH, found).withVulnerability("CVE-2021-44228"));
        assertThat(dates.dueAt()).as("first detection + 14 days, CISA's window for new listings")
                .isEqualTo(Instant.parse("2026-03-15T09:30:00Z"));
        assertThat(dates.kev()).isTrue();
        assertThat(dates.clockStart()).isEqualTo(found);
        assertThat(dates.basis()).isEqualTo("High: 30 days (preset default) from first detection 2026-03-01T09:30:00Z;"
                + " KEV due 2021-12-24, less than 14 days after first detection: first detection + 14 days"
                + " (fixline.sla.kev.minimum-window) = 2026-03-15T09:30:00Z is earlier");
        assertThat(dates.remindAt()).isEqualTo(Instant.parse("2026-03-08T09:30:00Z"));
        assertThat(dates.reminders(0.5)).as("halfway is the later reminder already: listed once")
                .containsExactly(Instant.parse("2026-03-08T09:30:00Z"));
    }

    @Test
    void aCatalogDateTooCloseToDetectionIsMovedToTheMinimumWindow() {
        // Looney Tunables: due 2023-12-12 in the catalog; found a week before that.
        SlaPolicy sample = withSampleCatalog(null);
        Instant found = Instant.parse("2023-12-05T08:00:00Z");
        SlaDates dates = sample.compute(SlaRequest.of(Severity.HIGH, found).withVulnerability("CVE-2023-4911"));
        assertThat(dates.dueAt()).isEqualTo(Instant.parse("2023-12-19T08:00:00Z"));
        SlaDates later = sample.compute(SlaRequest.of(Severity.HIGH, detected).withVulnerability("CVE-2023-4911"));
        assertThat(later.dueAt()).as("22 days after detection: the catalog's date as it is")
                .isEqualTo(Instant.parse("2023-12-12T23:59:59Z"));
    }

    @Test
    void aShorterPolicyStillWinsOverTheMinimumWindow() {
        Instant found = Instant.parse("2026-03-01T09:30:00Z");
        SlaDates critical = withSampleCatalog(null)
                .compute(SlaRequest.of(Severity.CRITICAL, found).withVulnerability("CVE-2021-44228"));
        assertThat(critical.dueAt()).isEqualTo(found.plus(Duration.ofDays(7)));
        assertThat(critical.basis()).endsWith("= 2026-03-15T09:30:00Z is later");
    }

    @Test
    void aZeroMinimumWindowKeepsTheCatalogsDateSoTheCaseIsDueAtOnceWithoutAReminder() {
        Instant found = Instant.parse("2026-03-01T00:00:00Z");
        SlaDates dates = withSampleCatalog(Duration.ZERO)
                .compute(SlaRequest.of(Severity.HIGH, found).withVulnerability("CVE-2021-44228"));
        assertThat(dates.dueAt()).isEqualTo(Instant.parse("2021-12-24T23:59:59Z"));
        assertThat(dates.basis()).endsWith("; KEV due 2021-12-24 is earlier");
        assertThat(dates.clockStart()).isEqualTo(found);
        assertThat(dates.remindAt()).as("no reminder at or after the due date").isNull();
        assertThat(dates.earlyReminder(0.5)).as("halfway from detection back to 2021 would be after the due date")
                .isEmpty();
        assertThat(dates.reminders(0.5)).isEmpty();
    }

    @Test
    void aNegativeMinimumWindowStopsStartup() {
        assertThatThrownBy(() -> new KevProperties(null, null, Duration.ofDays(-1), null))
                .hasMessage("fixline.sla.kev.minimum-window must not be negative: PT-24H");
    }

    /** CISA's published catalog (samples/kev.json), with {@code fixline.sla.kev.minimum-window} (null: default). */
    private SlaPolicy withSampleCatalog(Duration minimumWindow) {
        KevProperties kev = new KevProperties("samples/kev.json", null, minimumWindow, null);
        return new SlaPolicy(new SlaProperties(null, Duration.ofDays(7), null, null, null, null, kev),
                new KevCatalog(kev, new TestClock(detected)));
    }

    @Test
    void anUnlistedOrMissingCveKeepsThePolicysDate() {
        SlaDates other = compute(Severity.HIGH, "CVE-2024-0001", detected);
        assertThat(other.kev()).isFalse();
        assertThat(other.dueAt()).isEqualTo(detected.plus(Duration.ofDays(30)));
        assertThat(other.basis()).doesNotContain("KEV");
        assertThat(compute(Severity.HIGH, null, detected).kev()).isFalse();
    }

    @Test
    void withoutACatalogNothingIsListed() {
        SlaPolicy noKev = new SlaPolicy(new SlaProperties(null, Duration.ofDays(7)));
        SlaDates dates = noKev.compute(SlaRequest.of(Severity.HIGH, detected).withVulnerability("CVE-2023-4911"));
        assertThat(dates.kev()).isFalse();
        assertThat(dates.dueAt()).isEqualTo(detected.plus(Duration.ofDays(30)));
    }
}
