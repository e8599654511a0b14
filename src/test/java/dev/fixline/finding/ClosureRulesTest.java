package dev.fixline.finding;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The closure rules and the reopening rules on plain objects: rows shaped like Defender's (one row per
 * vulnerability, package and image digest; a clean image shows only its other findings), one
 * repository, sweeps one after another on a store kept in a map.
 */
class ClosureRulesTest {

    static final Instant DAY_0 = Instant.parse("2026-11-02T06:00:00Z");
    static final String REGISTRY = "contosoprod.azurecr.io";
    static final String REPOSITORY = "shop/checkout";
    static final String IMAGE_A = "sha256:aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11aa11";
    static final String IMAGE_B = "sha256:bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22bb22";
    static final String IMAGE_C = "sha256:cc33cc33cc33cc33cc33cc33cc33cc33cc33cc33cc33cc33cc33cc33cc33cc33";
    static final String IMAGE_OLD = "sha256:0d440d440d440d440d440d440d440d440d440d440d440d440d440d440d440d44";

    final ClosureProperties properties = new ClosureProperties(Duration.ofHours(24), 2, Duration.ofHours(12));
    final RepositoryDiff diff = new RepositoryDiff(new ClosureRules(properties));
    final Map<FindingKey, FindingRecord> store = new HashMap<>();
    SweepTally tally;

    @BeforeEach
    void emptyStore() {
        store.clear();
    }

    // ---- rule 1: a newer image shows the fixed version ----

    @ParameterizedTest(name = "{0}: fixed {2}, newer image has {3} -> closes {4}")
    @CsvSource({
            // ecosystem, installed,            fixed,               newer image's version, closes
            "dpkg,  1.1.1n-0+deb11u3,   1.1.1n-0+deb11u4,   1.1.1n-0+deb11u5,   true",
            "dpkg,  3.0.11-1~deb12u1,   3.0.11-1~deb12u2,   3.0.11-1~deb12u1,   false",
            "dpkg,  2.36-9+deb12u3,     2.36-9+deb12u4,     2.36-9+deb12u10,    true",
            "rpm,   1.1.1k-6.el8_5,     1.1.1k-10.el8_6,    1.1.1k-7.el8_6,     false",
            "rpm,   1.1.1k-6.el8_5,     1.1.1k-10.el8_6,    1:1.1.1k-12.el8_9,  true",
            "apk,   3.1.4-r5,           3.1.4-r9,           3.1.4-r10,          true",
            "npm,   4.17.9,             4.17.21,            4.17.19,            false",
            "npm,   4.17.9,             4.17.21,            4.17.21,            true",
            "pypi,  2.25.1,             2.31.0,             2.31.0rc1,          false",
            "pypi,  2.25.1,             2.31.0,             2.31.0.post1,       true",
            "maven, 2.14.1,             2.17.1,             2.9.1,              false",
            "maven, 2.14.1,             2.17.1,             2.17.10,            true",
            "nuget, 12.0.3,             13.0.1,             13.0.1,             true",
            "go,    v0.3.6,             v0.3.8,             v0.3.10,            true",
    })
    void rule1ComparesVersionsAsTheirEcosystemDoes(String ecosystem, String installed, String fixed, String newer,
                                                  boolean closes) {
        sweep("s1", DAY_0.plus(Duration.ofHours(2)),
                row(IMAGE_A, DAY_0, "CVE-2023-5678", "libssl", ecosystem, installed, fixed));

        // Image B, pushed a day later, shows the same package at its new version (with another CVE of it).
        // The sweep comes 2 hours after B's push, within the scan grace period: rule 2 cannot close yet.
        RepositoryDiff.Result result = sweep("s2", DAY_0.plus(Duration.ofHours(26)),
                row(IMAGE_A, DAY_0, "CVE-2023-5678", "libssl", ecosystem, installed, fixed),
                row(IMAGE_B, DAY_0.plus(Duration.ofDays(1)), "CVE-2024-0727", "libssl", ecosystem, newer, "99"));

        FindingRecord f = finding("CVE-2023-5678");
        if (closes) {
            assertThat(f.state).isEqualTo(FindingState.FIXED);
            assertThat(f.closureEvidence.rule()).isEqualTo(ClosureRule.FIXED_VERSION_OBSERVED);
            assertThat(f.closureEvidence.digest()).isEqualTo(IMAGE_B);
            assertThat(f.closureEvidence.installedVersion()).isEqualTo(newer);
            assertThat(f.closureEvidence.sweepIds()).containsExactly("s2");
            assertThat(result.events()).hasAtLeastOneElementOfType(FindingEvent.Closed.class);
            assertThat(tally.fixed).isOne();
        } else {
            assertThat(f.state).isEqualTo(FindingState.OPEN);
            assertThat(f.lastDecision).startsWith("still observed on 1 row(s)")
                    .contains("rule 1 does not apply on " + IMAGE_B);
            assertThat(result.events()).noneMatch(e -> e instanceof FindingEvent.Closed);
        }
    }

    @Test
    void rule1DoesNotCompareAPackageOfAnotherEcosystem() {
        sweep("s1", DAY_0.plusSeconds(60), row(IMAGE_A, DAY_0, "CVE-2022-3996", "openssl", "dpkg", "3.0.7-1", "3.0.8-1"));
        sweep("s2", DAY_0.plus(Duration.ofHours(6)), // within the grace period of image B
                row(IMAGE_A, DAY_0, "CVE-2022-3996", "openssl", "dpkg", "3.0.7-1", "3.0.8-1"),
                row(IMAGE_B, DAY_0.plus(Duration.ofHours(1)), "CVE-2023-0286", "openssl", "pypi", "3.1.0", "3.1.1"));

        FindingRecord f = finding("CVE-2022-3996");
        assertThat(f.state).isEqualTo(FindingState.OPEN);
        assertThat(f.lastDecision).contains("its openssl is a pypi package, the finding's is dpkg");
    }

    // ---- rule 2: the newest image is clean, once the scanner had time to scan it ----

    @Test
    void rule2ClosesOnANewerCleanImageOnlyAfterTheScanGracePeriod() {
        Instant pushedB = DAY_0.plus(Duration.ofDays(1));
        Observation vulnerable = row(IMAGE_A, DAY_0, "CVE-2024-6119", "openssl", "dpkg", "3.0.13-1", "3.0.14-1");
        Observation otherOnB = row(IMAGE_B, pushedB, "CVE-2024-2511", "libcurl", "dpkg", "7.88.1-10", "7.88.1-11");
        sweep("s1", DAY_0.plusSeconds(600), vulnerable);

        sweep("s2", pushedB.plus(Duration.ofHours(23)), vulnerable, otherOnB);
        assertThat(finding("CVE-2024-6119").state).isEqualTo(FindingState.OPEN);
        assertThat(finding("CVE-2024-6119").lastDecision).contains("rule 2 not yet: newest image " + IMAGE_B,
                "within the scan grace period (PT24H)");

        RepositoryDiff.Result result = sweep("s3", pushedB.plus(Duration.ofHours(25)), vulnerable, otherOnB);
        FindingRecord f = finding("CVE-2024-6119");
        assertThat(f.state).isEqualTo(FindingState.FIXED);
        assertThat(f.closureEvidence.rule()).isEqualTo(ClosureRule.NEWER_IMAGE_CLEAN);
        assertThat(f.closureEvidence.digest()).isEqualTo(IMAGE_B);
        assertThat(f.closureEvidence.digestPushedAt()).isEqualTo(pushedB);
        assertThat(f.closedAt).isEqualTo(pushedB.plus(Duration.ofHours(25)));
        assertThat(result.events()).containsExactly(new FindingEvent.Closed(f.id, f.key, FindingState.FIXED,
                f.closureEvidence, pushedB.plus(Duration.ofHours(25))));
        assertThat(result.closed()).containsExactly(f);
    }

    @Test
    void anImageWithoutPushTimeLetsNeitherRule1Nor2Close() {
        sweep("s1", DAY_0.plusSeconds(60), row(IMAGE_A, null, "CVE-2024-6119", "openssl", "dpkg", "3.0.13-1", "3.0.14-1"));
        sweep("s2", DAY_0.plus(Duration.ofDays(3)),
                row(IMAGE_A, null, "CVE-2024-6119", "openssl", "dpkg", "3.0.13-1", "3.0.14-1"),
                row(IMAGE_B, DAY_0.plus(Duration.ofDays(1)), "CVE-2024-2511", "openssl", "dpkg", "3.0.14-1", "9"));

        assertThat(finding("CVE-2024-6119").state).isEqualTo(FindingState.OPEN);
        assertThat(finding("CVE-2024-6119").lastDecision).contains("rules 1 and 2 do not apply: an image showing "
                + "it has no push time");
    }

    // ---- rule 3: absent from complete sweeps far enough apart ----

    @Test
    void rule3CountsAbsencesOnlyAnIntervalApart() {
        sweep("s1", DAY_0, row(IMAGE_A, DAY_0.minus(Duration.ofDays(9)), "CVE-2023-44487", "nghttp2", "dpkg",
                "1.52.0-1", "1.52.0-1+deb12u1"));

        sweep("s2", DAY_0.plus(Duration.ofHours(24)));
        assertThat(finding("CVE-2023-44487").absentSweeps).isOne();
        assertThat(finding("CVE-2023-44487").lastDecision).startsWith("not observed in this sweep (1 of 2");

        sweep("s3", DAY_0.plus(Duration.ofHours(30))); // the same day's second export
        assertThat(finding("CVE-2023-44487").state).isEqualTo(FindingState.OPEN);
        assertThat(finding("CVE-2023-44487").absentSweeps).as("not counted: only 6 h later").isOne();
        assertThat(finding("CVE-2023-44487").lastDecision).contains("as of only PT6H after the absence counted");

        RepositoryDiff.Result result = sweep("s4", DAY_0.plus(Duration.ofHours(36)));
        FindingRecord f = finding("CVE-2023-44487");
        assertThat(f.state).isEqualTo(FindingState.GONE);
        assertThat(f.closureEvidence.rule()).isEqualTo(ClosureRule.ABSENT);
        assertThat(f.closureEvidence.sweepIds()).containsExactly("s4");
        assertThat(f.closureEvidence.explanation()).contains("2 consecutive complete sweeps at least PT12H apart");
        assertThat(tally.gone).isOne();
        assertThat(result.events()).hasSize(1);
    }

    @Test
    void anExemptRowIsPresenceAndNeverAFix() {
        sweep("s1", DAY_0, row(IMAGE_A, DAY_0.minus(Duration.ofDays(1)), "CVE-2023-4911", "libc6", "dpkg",
                "2.36-9+deb12u1", "2.36-9+deb12u3"));
        Observation exempt = exempt(row(IMAGE_A, DAY_0.minus(Duration.ofDays(1)), "CVE-2023-4911", "libc6", "dpkg",
                "2.36-9+deb12u1", "2.36-9+deb12u3"));

        for (int day = 1; day <= 3; day++) {
            sweep("s" + (day + 1), DAY_0.plus(Duration.ofDays(day)), exempt);
        }

        FindingRecord f = finding("CVE-2023-4911");
        assertThat(f.state).isEqualTo(FindingState.OPEN);
        assertThat(f.absentSweeps).isZero();
        assertThat(f.lastDecision).startsWith("still observed on 1 row(s)");
    }

    // ---- reopening: rollbacks, regressions and late scans of old images ----

    @Test
    void aRollbackToAnImageNewerThanTheFixReopensAndAnOldImageSeenAgainDoesNot() {
        Instant pushedB = DAY_0.plus(Duration.ofDays(1));
        sweep("s1", DAY_0.plusSeconds(60), row(IMAGE_A, DAY_0, "CVE-2024-45490", "libexpat1", "dpkg", "2.5.0-1",
                "2.5.0-1+deb12u1"));
        sweep("s2", pushedB.plus(Duration.ofHours(2)),
                row(IMAGE_B, pushedB, "CVE-2024-50602", "libexpat1", "dpkg", "2.5.0-1+deb12u1", "2.5.0-1+deb12u2"));
        assertThat(finding("CVE-2024-45490").state).isEqualTo(FindingState.FIXED);

        // The old image A shows up again in a later scan: known, and older than the fix.
        RepositoryDiff.Result late = sweep("s3", pushedB.plus(Duration.ofDays(1)),
                row(IMAGE_A, DAY_0, "CVE-2024-45490", "libexpat1", "dpkg", "2.5.0-1", "2.5.0-1+deb12u1"));
        assertThat(finding("CVE-2024-45490").state).isEqualTo(FindingState.FIXED);
        assertThat(late.events()).isEmpty();
        assertThat(tally.unchanged).isOne();

        // Image C, pushed after the fixing image B, has the vulnerable version again: a regression.
        RepositoryDiff.Result back = sweep("s4", pushedB.plus(Duration.ofDays(3)),
                row(IMAGE_C, pushedB.plus(Duration.ofDays(2)), "CVE-2024-45490", "libexpat1", "dpkg", "2.5.0-1",
                        "2.5.0-1+deb12u1"));
        FindingRecord f = finding("CVE-2024-45490");
        assertThat(f.state).isEqualTo(FindingState.OPEN);
        assertThat(f.reopenCount).isOne();
        assertThat(f.closureEvidence).isNull();
        assertThat(f.lastDecision).as("judged again at once").startsWith("still observed on 1 row(s), newest "
                + "affected digest " + IMAGE_C);
        assertThat(back.events()).filteredOn(e -> e.findingId().equals(f.id)).singleElement()
                .isInstanceOfSatisfying(FindingEvent.Opened.class,
                opened -> assertThat(opened.reopened()).isTrue());
        assertThat(tally.reopened).isOne();
    }

    @Test
    void aLateScanOfAnImageOlderThanACleanOneNeverOpensAndUndoesAReopening() {
        Instant pushedB = DAY_0.plus(Duration.ofDays(1));
        Observation otherOnB = row(IMAGE_B, pushedB, "CVE-2024-2511", "libcurl4", "dpkg", "7.88.1-10", "7.88.1-11");
        // First seen on an old image that the newer, clean image B replaced days ago.
        RepositoryDiff.Result first = sweep("s1", pushedB.plus(Duration.ofDays(2)), otherOnB,
                row(IMAGE_A, DAY_0, "CVE-2024-37371", "libkrb5-3", "dpkg", "1.20.1-2", "1.20.1-2+deb12u2"));
        FindingRecord never = finding("CVE-2024-37371");
        assertThat(never.state).isEqualTo(FindingState.FIXED);
        assertThat(never.closureEvidence.rule()).isEqualTo(ClosureRule.NEWER_IMAGE_CLEAN);
        assertThat(first.events()).as("no case for it").noneMatch(e -> e.findingId().equals(never.id));

        // Later another old image (unknown digest, pushed before B) shows it: reopened, then undone.
        RepositoryDiff.Result again = sweep("s2", pushedB.plus(Duration.ofDays(3)), otherOnB,
                row(IMAGE_OLD, DAY_0.minus(Duration.ofDays(5)), "CVE-2024-37371", "libkrb5-3", "dpkg", "1.20.1-2",
                        "1.20.1-2+deb12u2"));
        FindingRecord f = finding("CVE-2024-37371");
        assertThat(f.state).isEqualTo(FindingState.FIXED);
        assertThat(f.reopenCount).isZero();
        assertThat(f.lastDecision).startsWith("seen again on " + IMAGE_OLD + ", an image the fix already replaced, "
                + "so not a regression");
        assertThat(again.events()).noneMatch(e -> e.findingId().equals(f.id));
        assertThat(tally.reopened).isZero();
    }

    // ---- partial sweeps ----

    @Test
    void aPartialSweepClosesNothingAndSaysWhatItsRowsWouldShow() {
        Instant pushedB = DAY_0.plus(Duration.ofDays(1));
        sweep("s1", DAY_0.plusSeconds(60), row(IMAGE_A, DAY_0, "CVE-2024-5535", "libssl3", "dpkg", "3.0.13-1",
                "3.0.14-1"));

        RepositoryDiff.Result result = diff(new SweepContext("s2", pushedB.plus(Duration.ofDays(1)),
                "page 4 of 9 could not be read"),
                row(IMAGE_B, pushedB, "CVE-2024-9143", "libssl3", "dpkg", "3.0.15-1", "3.0.15-2"));

        FindingRecord f = finding("CVE-2024-5535");
        assertThat(f.state).isEqualTo(FindingState.OPEN);
        assertThat(f.absentSweeps).as("an absence from a partial sweep does not count").isZero();
        assertThat(f.lastDecision).startsWith("closure skipped: sweep s2 is partial (page 4 of 9 could not be read)")
                .contains("the rows it has would close it: newer image " + IMAGE_B);
        assertThat(result.events()).hasSize(1).allMatch(e -> e instanceof FindingEvent.Opened);
    }

    @Test
    void aPartialSweepReopensOnlyOnAnImagePushedAfterTheFix() {
        Instant pushedB = DAY_0.plus(Duration.ofDays(1));
        sweep("s1", DAY_0.plusSeconds(60), row(IMAGE_A, DAY_0, "CVE-2024-5535", "libssl3", "dpkg", "3.0.13-1",
                "3.0.14-1"));
        sweep("s2", pushedB.plus(Duration.ofHours(1)),
                row(IMAGE_B, pushedB, "CVE-2024-9143", "libssl3", "dpkg", "3.0.14-1", "3.0.15-1"));
        assertThat(finding("CVE-2024-5535").state).isEqualTo(FindingState.FIXED);

        String partial = "the Resource Graph result was cut at 1,000 pages";
        diff(new SweepContext("s3", pushedB.plus(Duration.ofDays(1)), partial),
                row(IMAGE_OLD, DAY_0.minus(Duration.ofDays(3)), "CVE-2024-5535", "libssl3", "dpkg", "3.0.13-1",
                        "3.0.14-1"));
        assertThat(finding("CVE-2024-5535").state).as("an older image in a partial sweep: the next complete one "
                + "decides").isEqualTo(FindingState.FIXED);
        assertThat(finding("CVE-2024-5535").lastDecision).startsWith("seen in partial sweep s3 on " + IMAGE_OLD);
        assertThat(tally.unchanged).isOne();

        diff(new SweepContext("s4", pushedB.plus(Duration.ofDays(3)), partial),
                row(IMAGE_C, pushedB.plus(Duration.ofDays(2)), "CVE-2024-5535", "libssl3", "dpkg", "3.0.13-1",
                        "3.0.14-1"));
        assertThat(finding("CVE-2024-5535").state).as("a newer image proves a regression").isEqualTo(FindingState.OPEN);
        assertThat(tally.reopened).isOne();
    }

    // ---- what a sweep reports ----

    @Test
    void newChangedAndUnchangedFindingsAreTalliedWithTheirEvents() {
        Observation kept = row(IMAGE_A, DAY_0, "CVE-2023-2650", "openssl", "dpkg", "3.0.8-1", "3.0.9-1");
        Observation raised = row(IMAGE_A, DAY_0, "CVE-2023-0464", "openssl", "dpkg", "3.0.8-1", "3.0.9-1");
        RepositoryDiff.Result first = sweep("s1", DAY_0.plusSeconds(60), kept, raised);
        assertThat(tally.newFindings).isEqualTo(2);
        assertThat(first.inserted()).hasSize(2);
        assertThat(first.digests()).hasSize(2).allMatch(FindingRepository.DigestRow::isNew);

        Observation critical = new Observation(raised.rowNumber(), raised.rawId(), raised.assessmentKey(),
                raised.statusCode(), null, raised.subscriptionId(), raised.resourceGroup(),
                raised.registryResourceId(), REGISTRY, REPOSITORY, IMAGE_A, DAY_0, "v1.8.2",
                "CVE-2023-0464", "openssl", "dpkg", "3.0.8-1", "3.0.9-1", "FixAvailable", Severity.CRITICAL,
                new BigDecimal("9.8"), DAY_0.plusSeconds(30));
        RepositoryDiff.Result second = sweep("s2", DAY_0.plus(Duration.ofHours(20)), kept, critical);

        assertThat(tally.unchanged).isOne();
        assertThat(tally.changed).isOne();
        assertThat(second.inserted()).isEmpty();
        assertThat(second.events()).singleElement().isInstanceOfSatisfying(FindingEvent.SeverityChanged.class,
                changed -> assertThat(changed.to()).isEqualTo(Severity.CRITICAL));
    }

    // ---- the store kept in a map ----

    private RepositoryDiff.Result sweep(String id, Instant asOf, Observation... rows) {
        return diff(SweepContext.complete(id, asOf), rows);
    }

    /** Diffs, then keeps the result as the store would: written, no longer new, transient values gone. */
    private RepositoryDiff.Result diff(SweepContext sweep, Observation... rows) {
        tally = new SweepTally();
        RepositoryDiff.Result result = diff.diff(store, List.of(rows), sweep, tally);
        store.values().forEach(f -> {
            f.isNew = false;
            f.newestObservedDigest = null;
        });
        return result;
    }

    private FindingRecord finding(String cve) {
        return store.values().stream().filter(f -> f.key.vulnerabilityId().equals(cve)).findFirst().orElseThrow();
    }

    static Observation row(String digest, Instant pushedAt, String cve, String pkg, String ecosystem,
                           String installed, String fixed) {
        return new Observation(1, "/subscriptions/7f3c2a10-0000-4000-8000-00000000c0de/resourceGroups/rg-shop/"
                + "providers/Microsoft.ContainerRegistry/registries/contosoprod/providers/Microsoft.Security/"
                + "assessments/c0b7cfc6-3172-465a-b378-53c7ff2cc0d5/subAssessments/" + cve,
                "c0b7cfc6-3172-465a-b378-53c7ff2cc0d5", Observation.UNHEALTHY, null,
                "7f3c2a10-0000-4000-8000-00000000c0de", "rg-shop",
                "/subscriptions/7f3c2a10-0000-4000-8000-00000000c0de/resourceGroups/rg-shop/providers/"
                        + "Microsoft.ContainerRegistry/registries/contosoprod",
                REGISTRY, REPOSITORY, digest, pushedAt, "v1.8.2", cve, pkg, ecosystem, installed, fixed,
                "FixAvailable", Severity.HIGH, new BigDecimal("7.5"),
                pushedAt == null ? DAY_0 : pushedAt.plus(Duration.ofMinutes(20)));
    }

    static Observation exempt(Observation o) {
        return new Observation(o.rowNumber(), o.rawId(), o.assessmentKey(), "NotApplicable", "Exempt",
                o.subscriptionId(), o.resourceGroup(), o.registryResourceId(), o.registryHost(), o.repository(),
                o.digest(), o.pushedAt(), o.tags(), o.vulnerabilityId(), o.packageName(), o.ecosystem(),
                o.installedVersion(), o.fixedVersion(), o.fixStatus(), o.severity(), o.cvss(), o.scannedAt());
    }
}
