package dev.fixline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fixline.remediation.RemediationProcess.Activity;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.finding.FindingQuery;
import dev.fixline.finding.FindingState;
import dev.fixline.finding.FindingStore;
import dev.fixline.finding.StaleSweepException;
import dev.fixline.finding.Sweep;
import dev.fixline.finding.SweepState;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.remediation.CaseDispatcher;
import dev.fixline.remediation.CaseQuery;
import dev.fixline.remediation.CaseState;
import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.RemediationCases;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Regressions and partial sweeps, on rows built for each test in a registry of its own. */
@ApplicationTest
class CaseLifecycleTest {

    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    static final String DIGEST_A = "sha256:" + "a".repeat(64);
    static final String DIGEST_B = "sha256:" + "b".repeat(64);
    static final String DIGEST_C = "sha256:" + "c".repeat(64);

    @Autowired SweepImporter importer;
    @Autowired FindingStore store;
    @Autowired RemediationCases cases;
    @Autowired CaseDispatcher dispatcher;
    @Autowired org.camunda.bpm.engine.ManagementService management;
    @Autowired org.camunda.bpm.engine.TaskService taskService;
    @Autowired ObjectMapper json;

    private DefenderRows rows;
    private String registry;

    @org.junit.jupiter.api.BeforeEach
    void newRegistry() {
        rows = new DefenderRows(json, "r");
        registry = rows.registryHost();
    }

    @Test
    void aRegressionSeenBeforeThePreviousClosureIsDeliveredGetsACaseOfItsOwn() throws IOException {
        sweep(false, row(DIGEST_A, T0, "CVE-2024-0001", "libfoo", "High", T0.plusSeconds(3600)));
        dispatcher.dispatch();
        CaseView first = onlyCase(CaseState.OPEN);

        // A newer image without the finding, pushed two days before this sweep: fixed by rule 2.
        Sweep fixed = sweep(false, row(DIGEST_A, T0, "CVE-2024-0001", "libfoo", "High", T0.plusSeconds(3600)),
                row(DIGEST_B, T0.plusSeconds(86_400), "CVE-2024-0002", "libbar", "Low", T0.plusSeconds(3 * 86_400)));
        assertThat(fixed.counts().fixed()).isEqualTo(1);
        // The finding is back on a brand-new image before the dispatcher delivered the closure.
        Sweep regression = sweep(false, row(DIGEST_C, T0.plusSeconds(4 * 86_400), "CVE-2024-0001", "libfoo", "High",
                T0.plusSeconds(4 * 86_400).plusSeconds(600)));
        assertThat(regression.counts().reopened()).isEqualTo(1);
        dispatcher.dispatch();

        List<CaseView> all = cases.list(new CaseQuery(null, null, null, null, "app/api", null), 0, 10).items()
                .stream().filter(c -> c.registryHost().equals(registry)).toList();
        assertThat(all).hasSize(2);
        CaseView closed = all.stream().filter(c -> c.id().equals(first.id())).findFirst().orElseThrow();
        CaseView reopened = all.stream().filter(c -> !c.id().equals(first.id())).findFirst().orElseThrow();
        assertThat(closed.state()).isEqualTo(CaseState.CLOSED);
        assertThat(closed.resolution()).isEqualTo("FIXED");
        assertThat(reopened.state()).isEqualTo(CaseState.OPEN);
        assertThat(reopened.previousCaseId()).isEqualTo(first.id());
        assertThat(cases.timeline(reopened.id()).orElseThrow().get(0).summary()).startsWith("Regression:");
        assertThat(closed.closureEvidence().digest()).as("the previous case keeps its evidence").isEqualTo(DIGEST_B);
        var finding = store.finding(reopened.findingIds().get(0)).orElseThrow();
        assertThat(finding.state()).isEqualTo(FindingState.OPEN);
        assertThat(finding.reopenCount()).isEqualTo(1);
        assertThat(finding.closureEvidence()).as("a reopened finding is no longer closed").isNull();
    }

    @Test
    void aTruncatedSweepOpensButNeverCloses() throws IOException {
        sweep(false, row(DIGEST_A, T0, "CVE-2024-0003", "libbaz", "Critical", T0.plusSeconds(60)));
        Sweep partial = sweep(true, row(DIGEST_B, T0.plusSeconds(86_400), "CVE-2024-0004", "libqux", "High",
                T0.plusSeconds(3 * 86_400)));
        Sweep partialAgain = sweep(true, row(DIGEST_B, T0.plusSeconds(86_400), "CVE-2024-0004", "libqux", "High",
                T0.plusSeconds(4 * 86_400)));

        assertThat(partial.state()).isEqualTo(SweepState.PARTIAL);
        assertThat(partial.message()).contains("none closed");
        assertThat(partial.counts().newFindings()).isEqualTo(1);
        assertThat(partial.counts().fixed() + partialAgain.counts().fixed() + partialAgain.counts().gone()).isZero();
        assertThat(store.findings(new FindingQuery(FindingState.OPEN, null, "app/api", "CVE-2024-0003"), 0, 10)
                .items()).filteredOn(f -> f.key().registryHost().equals(registry)).hasSize(1);
    }

    @Test
    void theSameExportTwiceIsRefusedAndChangesNothing() throws IOException {
        ObjectNode row = row(DIGEST_A, T0, "CVE-2024-0005", "libdup", "High", T0.plusSeconds(60));
        sweep(false, row);
        long sweepsBefore = store.sweeps(0, 1).total();
        assertThatThrownBy(() -> sweep(false, row)).isInstanceOf(StaleSweepException.class)
                .hasMessageContaining("already applied to " + registry);
        assertThat(store.sweeps(0, 1).total()).isEqualTo(sweepsBefore);
    }

    @Test
    void anExemptionOnTheNewerImageIsNotAFix() throws IOException {
        sweep(false, row(DIGEST_A, T0, "CVE-2024-0006", "libexempt", "High", T0.plusSeconds(60)));
        ObjectNode exempt = row(DIGEST_B, T0.plusSeconds(86_400), "CVE-2024-0006", "libexempt", "High",
                T0.plusSeconds(3 * 86_400));
        ((ObjectNode) exempt.at("/properties/status")).put("code", "NotApplicable").put("cause", "Exempt");
        Sweep second = sweep(false, exempt);
        ObjectNode rescanned = exempt.deepCopy();
        ((ObjectNode) rescanned.path("properties")).put("timeGenerated", T0.plusSeconds(4 * 86_400).toString());
        Sweep third = sweep(false, rescanned);
        assertThat(second.counts().fixed() + second.counts().gone() + third.counts().fixed() + third.counts().gone())
                .isZero();
        assertThat(openFinding("CVE-2024-0006").lastDecision()).contains("still observed");
    }

    @Test
    void anOldImagePushedAgainAfterTheFixIsARegression() throws IOException {
        sweep(false, row(DIGEST_A, T0, "CVE-2024-0007", "librollback", "High", T0.plusSeconds(60)));
        Sweep fixed = sweep(false, row(DIGEST_B, T0.plusSeconds(86_400), "CVE-2024-0008", "libother", "Low",
                T0.plusSeconds(3 * 86_400)));
        assertThat(fixed.counts().fixed()).isEqualTo(1);
        // The old image is pushed again (a rollback): same digest, later push time.
        Sweep rollback = sweep(false, row(DIGEST_A, T0.plusSeconds(4 * 86_400), "CVE-2024-0007", "librollback",
                "High", T0.plusSeconds(4 * 86_400 + 600)));
        assertThat(rollback.counts().reopened()).isEqualTo(1);
        assertThat(openFinding("CVE-2024-0007").reopenCount()).isEqualTo(1);
    }

    @Test
    void anOldImageScannedLateIsNotARegressionWhenANewerCleanImageExists() throws IOException {
        sweep(false, row(DIGEST_A, T0, "CVE-2024-0009", "liblate", "High", T0.plusSeconds(60)));
        ObjectNode clean = row(DIGEST_B, T0.plusSeconds(86_400), "CVE-2024-0010", "libother", "Low",
                T0.plusSeconds(3 * 86_400));
        sweep(false, clean);
        dispatcher.dispatch();
        // An older image, never seen before, shows up with the finding; the newer clean image is still there.
        Sweep late = sweep(false, row(DIGEST_C, T0.minusSeconds(86_400), "CVE-2024-0009", "liblate", "High",
                T0.plusSeconds(4 * 86_400)), clean.deepCopy().put("id", clean.path("id").asText() + "x"));
        dispatcher.dispatch();

        assertThat(late.counts().reopened()).isZero();
        assertThat(late.counts().newFindings()).isZero();
        assertThat(cases.list(new CaseQuery(null, null, null, null, "app/api", "CVE-2024-0009"), 0, 10).items())
                .filteredOn(c -> c.registryHost().equals(registry)).singleElement()
                .satisfies(c -> assertThat(c.state()).isEqualTo(CaseState.CLOSED));
    }

    /**
     * The same rows in a partial sweep: the old image scanned late beside the newer clean one opens no
     * regression case (no assignment, no ticket, no new SLA), and the finding says why.
     */
    @Test
    void anOldImageScannedLateInAPartialSweepIsNotARegressionEither() throws IOException {
        sweep(false, row(DIGEST_A, T0, "CVE-2024-0013", "libpartial", "High", T0.plusSeconds(60)));
        ObjectNode clean = row(DIGEST_B, T0.plusSeconds(86_400), "CVE-2024-0014", "libother", "Low",
                T0.plusSeconds(3 * 86_400));
        sweep(false, clean);
        dispatcher.dispatch();
        CaseView closed = onlyCase(CaseState.CLOSED);

        Sweep late = sweep(true, row(DIGEST_C, T0.minusSeconds(86_400), "CVE-2024-0013", "libpartial", "High",
                T0.plusSeconds(4 * 86_400)), clean.deepCopy().put("id", clean.path("id").asText() + "x"));
        dispatcher.dispatch();

        assertThat(late.state()).isEqualTo(SweepState.PARTIAL);
        assertThat(late.counts().reopened()).isZero();
        assertThat(cases.list(new CaseQuery(null, null, null, null, "app/api", "CVE-2024-0013"), 0, 10).items())
                .filteredOn(c -> c.registryHost().equals(registry)).singleElement()
                .satisfies(c -> assertThat(c.id()).isEqualTo(closed.id()));
        var finding = store.finding(closed.findingIds().get(0)).orElseThrow();
        assertThat(finding.state()).isEqualTo(FindingState.FIXED);
        assertThat(finding.lastDecision()).contains("partial sweep " + late.id(), DIGEST_C);
    }

    @Test
    void aRaisedSeverityTightensTheDeadlineAndMovesItsTimersButALoweredOneNeverLoosensIt() throws IOException {
        sweep(false, row(DIGEST_A, T0, "CVE-2024-0011", "libsev", "High", T0.plusSeconds(60)));
        dispatcher.dispatch();
        CaseView high = onlyCase(CaseState.OPEN);
        assertThat(high.dueAt()).isEqualTo(T0.plusSeconds(60).plus(java.time.Duration.ofDays(30)));
        // What the job executor does: the owner is notified and the task with its timers is waiting.
        management.createJobQuery().processInstanceId(high.processInstanceId()).messages().list()
                .forEach(job -> management.executeJob(job.getId()));

        sweep(false, row(DIGEST_A, T0, "CVE-2024-0011", "libsev", "Critical", T0.plusSeconds(3600)));
        dispatcher.dispatch();
        CaseView critical = onlyCase(CaseState.OPEN);
        java.time.Instant tightened = T0.plusSeconds(60).plus(java.time.Duration.ofDays(7));
        assertThat(critical.severity()).isEqualTo(dev.fixline.finding.Severity.CRITICAL);
        assertThat(critical.dueAt()).isEqualTo(tightened);
        assertThat(management.createJobQuery().processInstanceId(critical.processInstanceId()).timers()
                .activityId(Activity.SLA_DUE.id()).singleResult().getDuedate().toInstant()).isEqualTo(tightened);
        assertThat(taskService.createTaskQuery().processInstanceId(critical.processInstanceId()).singleResult()
                .getDueDate().toInstant()).isEqualTo(tightened);
        assertThat(cases.timeline(critical.id()).orElseThrow()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("SLA_CHANGED");
            assertThat(e.summary()).contains("from High to Critical").contains("to " + tightened);
        });

        sweep(false, row(DIGEST_A, T0, "CVE-2024-0011", "libsev", "Medium", T0.plusSeconds(7200)));
        dispatcher.dispatch();
        assertThat(onlyCase(CaseState.OPEN).dueAt()).as("never loosened").isEqualTo(tightened);
        assertThat(onlyCase(CaseState.OPEN).severity()).as("nor is the severity lowered")
                .isEqualTo(dev.fixline.finding.Severity.CRITICAL);
        assertThat(cases.timeline(critical.id()).orElseThrow()).anySatisfy(e -> assertThat(e.type())
                .isEqualTo("SLA_KEPT"));
    }

    @Test
    void aFixThatAppearsStartsTheRegularClock() throws IOException {
        ObjectNode noFix = rows.os("debian_12").put("fixStatus", "NoFixAvailable");
        sweep(false, rows.row("app/api", DIGEST_A, T0, T0.plusSeconds(60), "CVE-2024-0012", "High", noFix,
                "libnofix", "1.0-1", ""));
        dispatcher.dispatch();
        CaseView waiting = onlyCase(CaseState.OPEN);
        assertThat(waiting.dueAt()).as("the separate, longer SLA for findings without a fix")
                .isEqualTo(T0.plusSeconds(60).plus(java.time.Duration.ofDays(365)));
        management.createJobQuery().processInstanceId(waiting.processInstanceId()).messages().list()
                .forEach(job -> management.executeJob(job.getId()));

        ObjectNode fixed = rows.os("debian_12").put("fixStatus", "FixAvailable");
        sweep(false, rows.row("app/api", DIGEST_A, T0, T0.plusSeconds(3600), "CVE-2024-0012", "High", fixed,
                "libnofix", "1.0-1", "1.0-2"));
        dispatcher.dispatch();

        CaseView regular = onlyCase(CaseState.OPEN);
        assertThat(regular.dueAt()).isEqualTo(T0.plusSeconds(60).plus(java.time.Duration.ofDays(30)));
        assertThat(cases.timeline(regular.id()).orElseThrow()).extracting(e -> e.type())
                .contains("FIX_AVAILABLE", "SLA_CHANGED");
        assertThat(store.finding(regular.findingIds().get(0)).orElseThrow().fixAvailableAt())
                .isEqualTo(T0.plusSeconds(3600));
    }

    @Test
    void anEcrImageFindingOpensACaseOwnedByTheRuleForItsAwsAccount() throws IOException {
        // Microsoft's AWS example row, in the account that samples/ownership.yml gives to rule aws-shop.
        ObjectNode ecr;
        try (var in = getClass().getResourceAsStream("/defender/aws-ecr-subassessment.json")) {
            ecr = (ObjectNode) json.readTree(in);
        }
        String repository = "shop/" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String host = "111122223333.dkr.ecr.eu-west-1.amazonaws.com";
        ObjectNode artifact = (ObjectNode) ecr.at("/properties/additionalData/artifactDetails");
        artifact.put("registryHost", host).put("repositoryName", repository);
        ((ObjectNode) ecr.at("/properties/resourceDetails")).put("hierarchyId", "111122223333")
                .put("id", host + "/" + repository + "@" + artifact.path("digest").asText())
                .put("nativeCloudUniqueIdentifier", "arn:aws:ecr:eu-west-1:111122223333:image/" + repository);

        sweep(false, ecr);
        dispatcher.dispatch();

        CaseView opened = cases.list(new CaseQuery(CaseState.OPEN, null, null, null, repository, null), 0, 10)
                .items().stream().filter(c -> c.registryHost().equals(host)).findFirst().orElseThrow();
        assertThat(opened.vulnerabilityId()).isEqualTo("CVE-2023-32700");
        assertThat(opened.ownershipRule()).isEqualTo("aws-shop");
        assertThat(opened.owner()).isEqualTo("cloud-ops");
        var finding = store.finding(opened.findingIds().get(0)).orElseThrow();
        assertThat(finding.cloud()).isEqualTo("aws");
        assertThat(finding.account()).isEqualTo("111122223333");
        assertThat(finding.subscriptionId()).as("the connector's subscription")
                .isEqualTo("6f1c2d3e-0000-4000-8000-000000000001");
    }

    @Test
    void anExportOfOneGcpProjectLeavesAnotherProjectsFindingsOnTheSameRegistryHostAlone() throws IOException {
        String suffix = java.util.UUID.randomUUID().toString().substring(0, 8);
        String shop = "shop-" + suffix;
        String data = "data-" + suffix;
        sweep(false, garRow(shop, "CVE-2017-11613", T0), garRow(data, "CVE-2017-11613", T0));

        // Two later exports of the shop project only, a day apart: they say nothing about the data project.
        Sweep second = sweep(false, garRow(shop, "CVE-2017-11613", T0.plusSeconds(86_400)));
        Sweep third = sweep(false, garRow(shop, "CVE-2017-11613", T0.plusSeconds(2 * 86_400)));

        assertThat(second.counts().gone() + third.counts().gone()).isZero();
        var dataFindings = store.findings(new FindingQuery(null, null, data + "/images/api", "CVE-2017-11613"), 0, 10)
                .items();
        assertThat(dataFindings).singleElement().satisfies(f -> {
            assertThat(f.state()).isEqualTo(FindingState.OPEN);
            assertThat(f.absentSweeps()).isZero();
            assertThat(f.account()).isEqualTo(data);
        });

        // Nor does the shop project's newer export supersede the data project's own, older one.
        Sweep dataProject = sweep(false, garRow(data, "CVE-2017-11613", T0.plusSeconds(86_400)));
        assertThat(dataProject.state()).isEqualTo(SweepState.COMPLETE);
        assertThatThrownBy(() -> sweep(false, garRow(data, "CVE-2017-11613", T0.plusSeconds(86_400))))
                .isInstanceOf(StaleSweepException.class).hasMessageContaining("(project " + data + ")");
    }

    /** Microsoft's GCP example row, moved to a project of its own on a host no other test uses. */
    private ObjectNode garRow(String project, String cve, Instant scanned) throws IOException {
        ObjectNode gar;
        try (var in = getClass().getResourceAsStream("/defender/gcp-gar-subassessment.json")) {
            gar = (ObjectNode) json.readTree(in);
        }
        String host = "europe-north1-docker.pkg.dev";
        String repository = project + "/images/api";
        gar.put("id", gar.path("id").asText().replace("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
                java.util.UUID.randomUUID().toString()));
        ((ObjectNode) gar.at("/properties")).put("timeGenerated", scanned.toString());
        ((ObjectNode) gar.at("/properties/additionalData/vulnerabilityDetails")).put("cveId", cve);
        ObjectNode artifact = (ObjectNode) gar.at("/properties/additionalData/artifactDetails");
        artifact.put("registryHost", host).put("repositoryName", repository);
        ((ObjectNode) gar.at("/properties/resourceDetails")).put("resourceName", repository)
                .put("id", host + "/" + repository + "@" + artifact.path("digest").asText())
                .put("nativeCloudUniqueIdentifier", "projects/" + project + "/locations/europe-north1/repositories/"
                        + "images/dockerImages/api@" + artifact.path("digest").asText());
        return gar;
    }

    private dev.fixline.finding.Finding openFinding(String cve) {
        var found = store.findings(new FindingQuery(FindingState.OPEN, null, "app/api", cve), 0, 10).items().stream()
                .filter(f -> f.key().registryHost().equals(registry)).toList();
        assertThat(found).hasSize(1);
        return store.finding(found.get(0).id()).orElseThrow();
    }

    private CaseView onlyCase(CaseState state) {
        List<CaseView> found = cases.list(new CaseQuery(state, null, null, null, "app/api", null), 0, 100).items()
                .stream().filter(c -> c.registryHost().equals(registry)).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private Sweep sweep(boolean truncated, ObjectNode... rows) throws IOException {
        ObjectNode body = json.createObjectNode();
        ArrayNode data = body.putArray("data");
        for (ObjectNode r : rows) {
            data.add(r);
        }
        body.put("resultTruncated", truncated ? "true" : "false");
        return importer.importArgExport("lifecycle", new ByteArrayInputStream(json.writeValueAsBytes(body)));
    }

    private ObjectNode row(String digest, Instant pushed, String cve, String pkg, String severity, Instant scanned) {
        return rows.row("app/api", digest, pushed, scanned, cve, severity, rows.os(null), pkg, "1.0.0", "1.0.1");
    }
}
