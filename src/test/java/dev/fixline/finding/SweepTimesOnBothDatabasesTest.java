package dev.fixline.finding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.fixline.DefenderRows;
import dev.fixline.MutableClock;
import dev.fixline.TestInfrastructure;
import dev.fixline.ingest.defender.SubAssessmentMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a sweep compares with what is stored (as-of times, scan and push times, absences), on H2 and on a
 * real PostgreSQL, each migrated by Flyway as the application does. Rows are Defender's, read by the
 * real mapper, with Defender's 100 ns times; each test uses a registry of its own.
 */
class SweepTimesOnBothDatabasesTest {

    static final Instant PUSHED = Instant.parse("2026-06-01T08:00:00Z");
    static final String OLD = "sha256:" + "a".repeat(64);
    static final String NEW = "sha256:" + "b".repeat(64);
    static final String OLDER = "sha256:" + "c".repeat(64);
    static final String ROLLED_BACK = "sha256:" + "d".repeat(64);

    private static final Map<String, DataSource> DATABASES = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final MutableClock clock = new MutableClock();
    private final List<Object> events = new ArrayList<>();
    private final DefenderRows rows = new DefenderRows(JSON, "t");
    private FindingStore store;
    private TransactionTemplate transactions;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theSameExportIsAppliedOnceWhetherItsLastDigitRoundsDownOrUp(String database) {
        open(database);
        apply(true, row(OLD, "CVE-2026-1000", "2026-06-01T09:00:00.0000000Z"),
                row(OLD, "CVE-2026-1001", "2026-06-01T09:00:00.0000000Z"));
        // Defender's 100 ns times: .0772794 rounds down to microseconds, .0772799 rounds up.
        for (String scanned : List.of("2026-06-02T13:36:15.0772794Z", "2026-06-03T13:36:15.0772799Z")) {
            ObjectNode onlyOne = row(OLD, "CVE-2026-1000", scanned);
            Sweep first = apply(true, onlyOne);
            assertThat(first.asOf()).isEqualTo(Instant.parse(scanned).truncatedTo(ChronoUnit.MICROS));
            long sweeps = store.sweeps(0, 1).total();

            assertThatThrownBy(() -> apply(true, onlyOne)).isInstanceOf(StaleSweepException.class)
                    .hasMessageContaining("a complete sweep as of " + first.asOf() + " was already applied to "
                            + rows.registryHost());
            assertThat(store.sweeps(0, 1).total()).as("nothing of the refused import stays").isEqualTo(sweeps);
        }
        Finding absentTwice = finding("CVE-2026-1001");
        assertThat(absentTwice.state()).as("absent from two real daily scans, each imported twice")
                .isEqualTo(FindingState.GONE);
        assertThat(absentTwice.closureEvidence().explanation()).contains("2 consecutive complete sweeps at least PT12H");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void twoExportsMinutesApartNeverMakeAFindingGone(String database) {
        open(database);
        apply(true, row(OLD, "CVE-2026-2000", "2026-06-01T09:00:00Z"), row(OLD, "CVE-2026-2001", "2026-06-01T09:00:00Z"));
        apply(true, row(OLD, "CVE-2026-2000", "2026-06-02T09:00:00Z"));
        Sweep minutesLater = apply(true, row(OLD, "CVE-2026-2000", "2026-06-02T09:20:00.1234567Z"));
        Sweep hoursLater = apply(true, row(OLD, "CVE-2026-2000", "2026-06-02T20:59:59Z"));

        assertThat(minutesLater.counts().gone() + hoursLater.counts().gone()).isZero();
        Finding stillOpen = finding("CVE-2026-2001");
        assertThat(stillOpen.state()).isEqualTo(FindingState.OPEN);
        assertThat(stillOpen.absentSweeps()).isEqualTo(1);
        assertThat(stillOpen.lastDecision()).contains("absences count when at least PT12H apart",
                "as of 2026-06-02T09:00:00Z");

        Sweep nextDay = apply(true, row(OLD, "CVE-2026-2000", "2026-06-03T09:00:00Z"));
        assertThat(nextDay.counts().gone()).isEqualTo(1);
        assertThat(finding("CVE-2026-2001").state()).isEqualTo(FindingState.GONE);
    }

    /** A projection without scan times is as of its import: the import's own time is what must be 12 h apart. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void exportsWithoutScanTimesAreAsOfTheirImportAndFallUnderTheSameRule(String database) {
        open(database);
        clock.set(Instant.parse("2026-06-01T09:00:00.123456789Z"));
        apply(true, withoutScanTime(row(OLD, "CVE-2026-3000", "2026-06-01T09:00:00Z")),
                withoutScanTime(row(OLD, "CVE-2026-3001", "2026-06-01T09:00:00Z")));
        for (String now : List.of("2026-06-02T09:00:00.000000999Z", "2026-06-02T09:05:00Z", "2026-06-02T11:00:00Z")) {
            clock.set(Instant.parse(now));
            Sweep sweep = apply(true, withoutScanTime(row(OLD, "CVE-2026-3000", "2026-06-01T09:00:00Z")));
            assertThat(sweep.asOf()).isEqualTo(Instant.parse(now).truncatedTo(ChronoUnit.MICROS));
        }
        assertThat(finding("CVE-2026-3001").state()).isEqualTo(FindingState.OPEN);
        clock.set(Instant.parse("2026-06-03T09:00:00Z"));
        apply(true, withoutScanTime(row(OLD, "CVE-2026-3000", "2026-06-01T09:00:00Z")));
        assertThat(finding("CVE-2026-3001").state()).isEqualTo(FindingState.GONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void storedTimesReadBackEqualToWhatTheRowsSaid(String database) {
        open(database);
        ObjectNode row = row(OLD, "CVE-2026-4000", "2026-06-01T09:00:00.4539977Z");
        artifact(row)
                .put("lastPushedToRegistryUTC", "2026-06-01T08:00:00.8223098Z");
        apply(true, row);
        Finding f = finding("CVE-2026-4000");
        assertThat(f.firstDetectedAt()).isEqualTo(Instant.parse("2026-06-01T09:00:00.453997Z"));
        assertThat(f.newestAffectedPushedAt()).isEqualTo(Instant.parse("2026-06-01T08:00:00.822309Z"));
        assertThat(f.digests().get(0).pushedAt()).isEqualTo(f.newestAffectedPushedAt());
    }

    /** Page 1 of a paged result, applied alone, does not lock the user out of importing the whole result. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aPageAppliedAloneLeavesRoomForTheWholeResult(String database) {
        open(database);
        String scanned = "2026-06-02T13:36:15.0772794Z";
        Sweep page = apply(false, row(OLD, "CVE-2026-5000", scanned));
        Sweep whole = apply(true, row(OLD, "CVE-2026-5000", scanned), row(OLD, "CVE-2026-5001", "2026-06-02T13:00:00Z"));
        assertThat(page.state()).isEqualTo(SweepState.PARTIAL);
        assertThat(whole.state()).isEqualTo(SweepState.COMPLETE);
        assertThat(whole.asOf()).isEqualTo(page.asOf());
        assertThatThrownBy(() -> apply(true, row(OLD, "CVE-2026-5000", scanned)))
                .isInstanceOf(StaleSweepException.class);
        assertThatThrownBy(() -> apply(false, row(OLD, "CVE-2026-5000", scanned)))
                .as("a page of a result already applied whole").isInstanceOf(StaleSweepException.class);
    }

    /**
     * The old affected image is scanned for the first time in a partial sweep, beside the newer clean image
     * that fixed the finding: no regression, as in a complete sweep with the same rows.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aPartialSweepDoesNotInventARegression(String database) {
        open(database);
        apply(true, pushed(row(OLD, "CVE-2026-6000", "2026-06-01T09:00:00Z"), PUSHED));
        Sweep fixed = apply(true, pushed(row(NEW, "CVE-2026-6999", "2026-06-04T09:00:00Z"), PUSHED.plus(Duration.ofDays(1))));
        assertThat(fixed.counts().fixed()).isEqualTo(1);
        Finding before = finding("CVE-2026-6000");
        events.clear();

        Sweep partial = apply(false, pushed(row(OLDER, "CVE-2026-6000", "2026-06-05T09:00:00Z"), PUSHED.minus(Duration.ofDays(3))),
                pushed(row(NEW, "CVE-2026-6999", "2026-06-05T09:00:00Z"), PUSHED.plus(Duration.ofDays(1))));

        assertThat(partial.state()).isEqualTo(SweepState.PARTIAL);
        assertThat(partial.counts().reopened()).isZero();
        assertThat(events).noneMatch(e -> e instanceof FindingEvent.Opened);
        Finding after = finding("CVE-2026-6000");
        assertThat(after.state()).isEqualTo(FindingState.FIXED);
        assertThat(after.reopenCount()).isZero();
        assertThat(after.closedAt()).as("the fix keeps its time and evidence").isEqualTo(before.closedAt());
        assertThat(after.closureEvidence()).isEqualTo(before.closureEvidence());
        assertThat(after.lastDecision()).contains("partial sweep " + partial.id(), OLDER,
                "a partial sweep reopens only on a newer image");

        // The complete sweep with the same rows agrees: the old image is not a regression.
        Sweep complete = apply(true, pushed(row(OLDER, "CVE-2026-6000", "2026-06-06T09:00:00Z"), PUSHED.minus(Duration.ofDays(3))),
                pushed(row(NEW, "CVE-2026-6999", "2026-06-06T09:00:00Z"), PUSHED.plus(Duration.ofDays(1))));
        assertThat(complete.counts().reopened()).isZero();
        assertThat(events).noneMatch(e -> e instanceof FindingEvent.Opened);
        Finding judged = finding("CVE-2026-6000");
        assertThat(judged.state()).isEqualTo(FindingState.FIXED);
        assertThat(judged.closedAt()).isEqualTo(before.closedAt());
        assertThat(judged.lastDecision()).contains("seen again on " + OLDER, "not a regression");
    }

    /** What would reopen in a complete sweep reopens in a partial one: an image pushed after the fix. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aPartialSweepReopensOnAnImagePushedAfterTheFix(String database) {
        open(database);
        apply(true, pushed(row(OLD, "CVE-2026-7000", "2026-06-01T09:00:00Z"), PUSHED));
        apply(true, pushed(row(NEW, "CVE-2026-7999", "2026-06-04T09:00:00Z"), PUSHED.plus(Duration.ofDays(1))));
        events.clear();

        Sweep partial = apply(false, pushed(row(ROLLED_BACK, "CVE-2026-7000", "2026-06-05T09:00:00Z"),
                PUSHED.plus(Duration.ofDays(2))));

        assertThat(partial.counts().reopened()).isEqualTo(1);
        assertThat(events).anyMatch(e -> e instanceof FindingEvent.Opened o && o.reopened());
        assertThat(finding("CVE-2026-7000").state()).isEqualTo(FindingState.OPEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aPartialSweepSaysWhenItSkippedAClosure(String database) {
        open(database);
        apply(true, pushed(row(OLD, "CVE-2026-8000", "2026-06-01T09:00:00Z"), PUSHED));
        Sweep partial = apply(false, pushed(row(NEW, "CVE-2026-8999", "2026-06-04T09:00:00Z"), PUSHED.plus(Duration.ofDays(1))));
        Finding open = finding("CVE-2026-8000");
        assertThat(open.state()).isEqualTo(FindingState.OPEN);
        assertThat(open.lastDecision()).startsWith("closure skipped: sweep " + partial.id() + " is partial")
                .contains("the rows it has would close it: newest image " + NEW)
                .contains("the last complete sweep said: still observed");
        Sweep again = apply(false, pushed(row(NEW, "CVE-2026-8999", "2026-06-05T09:00:00Z"), PUSHED.plus(Duration.ofDays(1))));
        assertThat(finding("CVE-2026-8000").lastDecision()).as("not nested on a second partial sweep")
                .startsWith("closure skipped: sweep " + again.id()).containsOnlyOnce("closure skipped")
                .contains("the last complete sweep said: still observed");
    }

    /**
     * A partial sweep may lack the rows that tell against a closure, so it applies none: a new finding seen
     * only on an image that a clean one in the same file replaced still opens, and a gone finding seen again
     * on an older image waits for the next complete sweep.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aPartialSweepOpensOnWhatItSeesAndClosesNothing(String database) {
        open(database);
        Sweep partial = apply(false, pushed(row(OLD, "CVE-2026-9000", "2026-06-04T09:00:00Z"), PUSHED),
                pushed(row(NEW, "CVE-2026-9999", "2026-06-04T09:00:00Z"), PUSHED.plus(Duration.ofDays(1))));
        assertThat(partial.counts().newFindings()).isEqualTo(2);
        assertThat(finding("CVE-2026-9000").state()).as("not stored as fixed on part of the evidence")
                .isEqualTo(FindingState.OPEN);

        apply(true, pushed(row(NEW, "CVE-2026-9001", "2026-06-05T09:00:00Z"), PUSHED.plus(Duration.ofDays(1))),
                pushed(row(NEW, "CVE-2026-9002", "2026-06-05T09:00:00Z"), PUSHED.plus(Duration.ofDays(1))));
        apply(true, pushed(row(NEW, "CVE-2026-9001", "2026-06-06T09:00:00Z"), PUSHED.plus(Duration.ofDays(1))));
        apply(true, pushed(row(NEW, "CVE-2026-9001", "2026-06-07T09:00:00Z"), PUSHED.plus(Duration.ofDays(1))));
        assertThat(finding("CVE-2026-9002").state()).isEqualTo(FindingState.GONE);
        events.clear();

        Sweep back = apply(false, pushed(row(OLDER, "CVE-2026-9002", "2026-06-08T09:00:00Z"), PUSHED.minus(Duration.ofDays(3))));
        assertThat(back.counts().reopened()).isZero();
        assertThat(events).noneMatch(e -> e instanceof FindingEvent.Opened);
        assertThat(finding("CVE-2026-9002").lastDecision()).contains("partial sweep " + back.id(), OLDER,
                "not pushed after the one it was last seen on");
    }

    /** Hundreds of registries in one export are ordinary; the scope shown says so within its column. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anExportOfManyRegistriesIsAppliedAndItsScopeShortened(String database) {
        open(database);
        List<ObjectNode> exported = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            DefenderRows registry = new DefenderRows(JSON, "tenant-wide-registry-number-" + i + "-");
            exported.add(registry.row("app/api", OLD, PUSHED, Instant.parse("2026-06-01T09:00:00Z"), "CVE-2026-1100",
                    "High", registry.os("ubuntu_linux_22.04"), "openssl", "3.0.2-0ubuntu1.10", "3.0.2-0ubuntu1.12"));
        }
        Sweep sweep = apply(true, exported.toArray(ObjectNode[]::new));
        assertThat(sweep.counts().newFindings()).isEqualTo(120);
        assertThat(sweep.scope()).hasSizeLessThanOrEqualTo(2000).startsWith("registries: tenant-wide-registry-number-")
                .endsWith("(120 registries in all)");
        assertThat(store.sweep(sweep.id()).orElseThrow().scope()).isEqualTo(sweep.scope());
    }

    private void open(String database) {
        DataSource dataSource = DATABASES.computeIfAbsent(database, SweepTimesOnBothDatabasesTest::migrated);
        store = FindingStores.on(dataSource, JSON, events::add, clock);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    private static DataSource migrated(String database) {
        return TestInfrastructure.migratedDatabase(database, "sweep-times");
    }

    /** Applies the rows as one sweep in one transaction, as {@code FindingStore.applySweep} does. */
    private Sweep apply(boolean complete, ObjectNode... exported) {
        SubAssessmentMapper mapper = new SubAssessmentMapper(Duration.ZERO);
        return transactions.execute(status -> store.applySweep("file", "test", SweepScope.REGISTRIES_IN_ROWS, feed -> {
            for (int i = 0; i < exported.length; i++) {
                feed.accept(mapper.map(i + 1, exported[i]));
            }
            return complete ? Optional.empty() : Optional.of("the export says its result was truncated");
        }));
    }

    private ObjectNode row(String digest, String cve, String timeGenerated) {
        ObjectNode row = rows.row("app/api", digest, PUSHED, Instant.parse(timeGenerated), cve, "High",
                rows.os("ubuntu_linux_22.04"), "openssl", "3.0.2-0ubuntu1.10", "3.0.2-0ubuntu1.12");
        ((ObjectNode) row.get("properties")).put("timeGenerated", timeGenerated); // as Defender wrote it, 7 digits and all
        return row;
    }

    private static ObjectNode pushed(ObjectNode row, Instant pushedAt) {
        artifact(row)
                .put("lastPushedToRegistryUTC", pushedAt.toString());
        return row;
    }

    private static ObjectNode artifact(ObjectNode row) {
        return (ObjectNode) row.at("/properties/additionalData/artifactDetails");
    }

    private static ObjectNode withoutScanTime(ObjectNode row) {
        ((ObjectNode) row.get("properties")).remove("timeGenerated");
        return row;
    }

    private Finding finding(String cve) {
        List<Finding> found = store.findings(new FindingQuery(null, null, "app/api", cve), 0, 10).items().stream()
                .filter(f -> f.key().registryHost().equals(rows.registryHost())).toList();
        assertThat(found).hasSize(1);
        return store.finding(found.get(0).id()).orElseThrow();
    }
}
