package dev.fixline.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class KevCatalogTest {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-01-10T06:00:00Z"));
    private final Logger logger = (Logger) LoggerFactory.getLogger(KevCatalog.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Path file;

    @BeforeEach
    void setUp() throws IOException {
        logged.start();
        logger.addAppender(logged);
        file = KevFiles.write(dir.resolve("kev.json"), KevFiles.catalog(
                "CVE-2023-4911,2023-11-21,2023-12-12", "CVE-2021-44228,2021-12-10,2021-12-24"));
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(logged);
    }

    private KevCatalog catalog(Duration refresh) {
        return new KevCatalog(new KevProperties(file.toString(), refresh), clock);
    }

    @Test
    void withoutASourceItIsEmptyAndLoadsNothing() {
        KevCatalog empty = KevCatalog.empty();
        assertThat(empty.size()).isZero();
        assertThat(empty.listed("CVE-2021-44228")).isFalse();
        assertThat(empty.loadedAt()).isNull();
        assertThat(empty.refresh()).isFalse();
        empty.refreshIfDue();
        assertThat(empty.lastFailure()).isEmpty();
        assertThat(new KevProperties("  ", null).source()).isNull();
    }

    @Test
    void loadsAFileOnTheFirstLookup() {
        KevCatalog kev = catalog(null);
        KevEntry log4shell = kev.entry("cve-2021-44228").orElseThrow();
        assertThat(log4shell.cveId()).isEqualTo("CVE-2021-44228");
        assertThat(log4shell.dateAdded()).isEqualTo(LocalDate.of(2021, 12, 10));
        assertThat(log4shell.dueDate()).isEqualTo(LocalDate.of(2021, 12, 24));
        assertThat(log4shell.dueAt()).isEqualTo(Instant.parse("2021-12-24T23:59:59Z"));
        assertThat(log4shell.knownRansomwareUse()).isTrue();
        assertThat(kev.size()).isEqualTo(2);
        assertThat(kev.listed(" CVE-2023-4911 ")).isTrue();
        assertThat(kev.listed("CVE-2024-0001")).isFalse();
        assertThat(kev.loadedAt()).isEqualTo(clock.instant());
        assertThat(kev.version()).contains("2026.01.01");
    }

    @Test
    void aFailedRefreshKeepsThePreviousCatalogAndWarnsWithTheReason() throws IOException {
        KevCatalog kev = catalog(null);
        assertThat(kev.refresh()).isTrue();
        Instant loaded = kev.loadedAt();

        Files.writeString(file, "{\"vulnerabilities\": [");
        clock.advance(Duration.ofDays(1));
        assertThat(kev.refresh()).isFalse();
        assertThat(kev.size()).isEqualTo(2);
        assertThat(kev.listed("CVE-2021-44228")).isTrue();
        assertThat(kev.loadedAt()).isEqualTo(loaded);
        assertThat(kev.lastFailure()).hasValueSatisfying(reason -> assertThat(reason).contains("invalid JSON: Unexpected end-of-input"));
        assertThat(logged.list).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("keeping the 2 CVEs loaded at " + loaded)
                    .contains("invalid JSON: Unexpected end-of-input");
        });

        Files.delete(file);
        assertThat(kev.refresh()).isFalse();
        assertThat(kev.lastFailure()).hasValueSatisfying(reason -> assertThat(reason).contains("NoSuchFileException"));
        assertThat(kev.size()).isEqualTo(2);
    }

    @Test
    void aGoodRefreshReplacesTheCatalog() throws IOException {
        KevCatalog kev = catalog(null);
        kev.refresh();
        KevFiles.write(file, KevFiles.catalog("CVE-2024-3094,2024-04-01,2024-04-22"));
        assertThat(kev.refresh()).isTrue();
        assertThat(kev.size()).isEqualTo(1);
        assertThat(kev.listed("CVE-2021-44228")).isFalse();
        assertThat(kev.lastFailure()).isEmpty();
    }

    @Test
    void theScheduleLoadsAfterTheRefreshIntervalAndRetriesAFailureFiveMinutesLater() throws IOException {
        KevCatalog kev = catalog(Duration.ofDays(1));
        kev.refreshIfDue();
        assertThat(kev.loadedAt()).isEqualTo(Instant.parse("2026-01-10T06:00:00Z"));

        KevFiles.write(file, KevFiles.catalog("CVE-2024-3094,2024-04-01,2024-04-22"));
        clock.advance(Duration.ofHours(23));
        kev.refreshIfDue();
        assertThat(kev.size()).isEqualTo(2); // not due yet

        Files.writeString(file, "not json");
        clock.advance(Duration.ofHours(1));
        kev.refreshIfDue(); // due, and fails
        assertThat(kev.size()).isEqualTo(2);
        assertThat(kev.lastFailure()).isPresent();

        KevFiles.write(file, KevFiles.catalog("CVE-2024-3094,2024-04-01,2024-04-22"));
        clock.advance(Duration.ofMinutes(4));
        kev.refreshIfDue();
        assertThat(kev.size()).isEqualTo(2);
        clock.advance(Duration.ofMinutes(1));
        kev.refreshIfDue(); // five minutes after the failure, not a day
        assertThat(kev.size()).isEqualTo(1);
        assertThat(kev.loadedAt()).isEqualTo(Instant.parse("2026-01-11T06:05:00Z"));
    }

    @Test
    void failedLoadsWaitTwiceAsLongEachTimeUpToAnHourOrTheRefresh() {
        assertThat(java.util.stream.IntStream.rangeClosed(1, 7)
                .mapToObj(n -> KevCatalog.retryWait(n, Duration.ofDays(1))).toList())
                .containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20),
                        Duration.ofMinutes(40), Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1));
        assertThat(KevCatalog.retryWait(9, Duration.ofMinutes(15))).as("never beyond the refresh interval")
                .isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void retryAfterIsReadInSecondsOrAsADate() {
        assertThat(KevSource.retryAfter("3600")).isEqualTo(Duration.ofHours(1));
        assertThat(KevSource.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).as("a date in the past: at once")
                .isEqualTo(Duration.ZERO);
        assertThat(KevSource.retryAfter(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusHours(2))))
                .isBetween(Duration.ofMinutes(119), Duration.ofHours(2));
        assertThat(KevSource.retryAfter("soon")).isNull();
        assertThat(KevSource.retryAfter(null)).isNull();
    }

    @Test
    void unreadableEntriesAreSkippedButAnEmptyCatalogIsRefused() throws IOException {
        Files.writeString(file, """
                {"vulnerabilities": [
                  {"cveID": "CVE-2023-4911", "dateAdded": "2023-11-21", "dueDate": "2023-12-12"},
                  {"cveID": "CVE-2023-0001", "dateAdded": "2023-11-21", "dueDate": "soon"},
                  {"cveID": "not a cve", "dateAdded": "2023-11-21", "dueDate": "2023-12-12"},
                  {"dateAdded": "2023-11-21"}
                ]}""");
        KevCatalog kev = catalog(null);
        assertThat(kev.refresh()).isTrue();
        assertThat(kev.size()).isEqualTo(1);
        assertThat(logged.list).anySatisfy(event ->
                assertThat(event.getFormattedMessage()).contains("1 CVEs (3 unreadable entries skipped)"));

        Files.writeString(file, "{\"vulnerabilities\": []}");
        assertThat(kev.refresh()).isFalse();
        assertThat(kev.lastFailure()).hasValueSatisfying(reason -> assertThat(reason).contains("has no entries"));
        Files.writeString(file, "[]");
        assertThat(kev.refresh()).isFalse();
        assertThat(kev.lastFailure()).hasValueSatisfying(reason -> assertThat(reason).contains("not a KEV catalog"));
        assertThat(kev.size()).isEqualTo(1);
    }

    @Test
    void aCveListedTwiceKeepsTheEarlierDueDate() throws IOException {
        KevFiles.write(file, KevFiles.catalog("CVE-2023-4911,2023-11-21,2023-12-12", "CVE-2023-4911,2023-11-21,2023-12-01"));
        assertThat(catalog(null).entry("CVE-2023-4911").orElseThrow().dueDate()).isEqualTo(LocalDate.of(2023, 12, 1));
    }

    @Test
    void theSampleCatalogLoads() {
        KevCatalog sample = new KevCatalog(new KevProperties("samples/kev.json", null), clock);
        assertThat(sample.size()).isBetween(10, 20);
        assertThat(sample.version()).contains("2025.02.25");
        KevEntry log4shell = sample.entry("CVE-2021-44228").orElseThrow();
        assertThat(log4shell.dateAdded()).isEqualTo(LocalDate.of(2021, 12, 10));
        assertThat(log4shell.dueDate()).isEqualTo(LocalDate.of(2021, 12, 24));
        KevEntry looneyTunables = sample.entry("CVE-2023-4911").orElseThrow();
        assertThat(looneyTunables.dateAdded()).isEqualTo(LocalDate.of(2023, 11, 21));
        assertThat(looneyTunables.dueDate()).isEqualTo(LocalDate.of(2023, 12, 12));
        assertThat(looneyTunables.product()).isEqualTo("GNU C Library");
    }

    @Test
    void aFileUriIsAFile() {
        KevCatalog kev = new KevCatalog(new KevProperties(file.toUri().toString(), null), clock);
        assertThat(kev.size()).isEqualTo(2);
    }

    @Test
    void otherSchemesAndRefreshesStopStartup() {
        assertThatThrownBy(() -> new KevProperties("ftp://example.org/kev.json", null))
                .hasMessage("fixline.sla.kev.source must be a file path or an http(s) URL, not ftp://…");
        assertThatThrownBy(() -> new KevProperties("https:///kev.json", null)).hasMessageContaining("no host");
        assertThatThrownBy(() -> new KevProperties(null, Duration.ZERO)).hasMessageContaining("must be positive");
    }
}
