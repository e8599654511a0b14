package dev.fixline.sla;

import static org.assertj.core.api.Assertions.assertThat;

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
    void aCatalogDateAlreadyPastMakesTheCaseDueAtOnce() {
        SlaDates dates = compute(Severity.HIGH, "CVE-2021-44228", Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(dates.dueAt()).isEqualTo(Instant.parse("2021-12-24T23:59:59Z"));
        assertThat(dates.remindAt()).isEqualTo(dates.dueAt());
        assertThat(dates.clockStart()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
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
