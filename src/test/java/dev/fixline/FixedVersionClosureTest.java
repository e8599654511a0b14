package dev.fixline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.finding.ClosureRule;
import dev.fixline.finding.Finding;
import dev.fixline.finding.FindingQuery;
import dev.fixline.finding.FindingState;
import dev.fixline.finding.FindingStore;
import dev.fixline.ingest.SweepImporter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Closure rule 1 under each ecosystem's ordering: a newer image shows the package, pushed too
 * recently for rule 2, at a version that does or does not reach the fixed one.
 */
@ApplicationTest
class FixedVersionClosureTest {

    static final Instant OLD_PUSH = Instant.parse("2026-05-01T00:00:00Z");
    static final Instant NEW_PUSH = Instant.parse("2026-05-10T00:00:00Z");
    static final Instant DAY_1 = Instant.parse("2026-05-09T06:00:00Z");
    static final Instant SWEEP = Instant.parse("2026-05-10T06:00:00Z");

    @Autowired SweepImporter importer;
    @Autowired FindingStore store;
    @Autowired ObjectMapper json;

    private DefenderRows rows;
    private String registry;
    private ArrayNode day1;
    private ArrayNode day2;

    @BeforeEach
    void setUp() {
        rows = new DefenderRows(json, "v");
        registry = rows.registryHost();
        day1 = json.createArrayNode();
        day2 = json.createArrayNode();
    }

    @Test
    void theFixedVersionIsJudgedByTheEcosystemsOrdering() throws IOException {
        scenario("debian/tilde", os("debian_12"), "libfoo", "1.2.2-1", "1.2.3", "1.2.3~rc1");
        scenario("debian/epoch", os("debian_12"), "libbar", "1.2.2-1", "1.2.3", "1:1.0-1");
        scenario("java/rc", language("java"), "log4j-core", "2.16.0", "2.17.0", "2.17.0-rc1");
        scenario("java/final", language("java"), "jackson-databind", "2.13.2", "2.13.4.2", "2.13.4.2");
        scenario("alpine/garbage", os("alpine_3.18"), "musl", "1.2.3-r4", "1.2.4-r0", "not-a-version");
        // Baron Samedit (CVE-2021-3156): Alpine fixed it in sudo 1.9.5p2-r0, a form apk-tools 2 orders.
        scenario("alpine/sudo", os("alpine_3.13"), "sudo", "1.9.5-r0", "1.9.5p2-r0", "1.9.5p2-r0");
        // apk-tools 2 and 3 order these two the other way round: no answer, so no closure.
        scenario("alpine/zeros", os("alpine_3.18"), "readline", "8.1.2-r0", "8.2.0-r0", "8.2.001-r0");
        importer.importArgExport("day-1", new ByteArrayInputStream(json.writeValueAsBytes(day1)));
        importer.importArgExport("day-2", new ByteArrayInputStream(json.writeValueAsBytes(day2)));

        Finding tilde = finding("debian/tilde", "libfoo");
        assertThat(tilde.ecosystem()).isEqualTo("dpkg");
        assertThat(tilde.state()).as("1.2.3~rc1 sorts before 1.2.3").isEqualTo(FindingState.OPEN);
        assertThat(tilde.lastDecision()).contains("installed 1.2.3~rc1 < fixed 1.2.3 (dpkg)");

        Finding epoch = finding("debian/epoch", "libbar");
        assertThat(epoch.state()).as("an epoch outranks the upstream version").isEqualTo(FindingState.FIXED);
        assertThat(epoch.closureRule()).isEqualTo(ClosureRule.FIXED_VERSION_OBSERVED);
        assertThat(epoch.closureEvidence().installedVersion()).isEqualTo("1:1.0-1");
        assertThat(epoch.lastDecision()).contains("installed 1:1.0-1 > fixed 1.2.3 (dpkg)");

        Finding rc = finding("java/rc", "log4j-core");
        assertThat(rc.ecosystem()).isEqualTo("maven");
        assertThat(rc.state()).as("a release candidate is not the release").isEqualTo(FindingState.OPEN);
        assertThat(rc.lastDecision()).contains("installed 2.17.0-rc1 < fixed 2.17.0 (maven)");

        Finding exact = finding("java/final", "jackson-databind");
        assertThat(exact.state()).isEqualTo(FindingState.FIXED);
        assertThat(exact.closureEvidence().explanation()).contains("installed 2.13.4.2 = fixed 2.13.4.2 (maven)");

        Finding garbage = finding("alpine/garbage", "musl");
        assertThat(garbage.ecosystem()).isEqualTo("apk");
        assertThat(garbage.state()).as("not comparable is never a fix").isEqualTo(FindingState.OPEN);
        assertThat(garbage.lastDecision()).contains("versions not comparable");

        Finding sudo = finding("alpine/sudo", "sudo");
        assertThat(sudo.state()).as("1.9.5p2-r0 as Alpine shipped it").isEqualTo(FindingState.FIXED);
        assertThat(sudo.closureEvidence().explanation()).contains("installed 1.9.5p2-r0 = fixed 1.9.5p2-r0 (apk)");

        Finding zeros = finding("alpine/zeros", "readline");
        assertThat(zeros.state()).as("two apk generations disagree: never a guess").isEqualTo(FindingState.OPEN);
        assertThat(zeros.lastDecision()).contains("apk-tools 2", "apk-tools 3");
    }

    /**
     * Day 1: the old image has the finding. Day 2: the old image still has it, and a newer image
     * (pushed 6 h before the sweep, inside rule 2's grace period) shows the package at {@code newer}
     * with another vulnerability only.
     */
    private void scenario(String repository, ObjectNode software, String pkg, String installed, String fixed,
                          String newer) {
        String oldDigest = digest(repository + "-old");
        day1.add(row(repository, oldDigest, OLD_PUSH, "CVE-2026-0001", software, pkg, installed, fixed, DAY_1));
        day2.add(row(repository, oldDigest, OLD_PUSH, "CVE-2026-0001", software, pkg, installed, fixed, SWEEP));
        day2.add(row(repository, digest(repository + "-new"), NEW_PUSH, "CVE-2026-0002", software, pkg, newer,
                "99.0", SWEEP));
    }

    private Finding finding(String repository, String pkg) {
        Finding found = store.findings(new FindingQuery(null, null, repository, "CVE-2026-0001"), 0, 10).items()
                .stream().filter(f -> f.key().registryHost().equals(registry) && f.key().packageName().equals(pkg))
                .findFirst().orElseThrow();
        return store.finding(found.id()).orElseThrow();
    }

    private ObjectNode os(String osVersion) {
        return rows.os(osVersion);
    }

    private ObjectNode language(String language) {
        return rows.language(language);
    }

    private static String digest(String seed) {
        return "sha256:" + String.format("%064x", new java.math.BigInteger(1, seed.getBytes())).substring(0, 64);
    }

    private ObjectNode row(String repository, String digest, Instant pushed, String cve, ObjectNode software,
                           String pkg, String installed, String fixed, Instant scanned) {
        return rows.row(repository, digest, pushed, scanned, cve, "High", software, pkg, installed, fixed);
    }
}
