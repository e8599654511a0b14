package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.remediation.RemediationProcess.Activity;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.ApplicationTest;
import dev.fixline.audit.AuditEvent;
import dev.fixline.ingest.SweepImporter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fixline.sla.KevCatalog;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** A CVE in CISA's KEV catalog always gets a case, due by the catalog's date when that is earlier. */
@ApplicationTest
@TestPropertySource(properties = "fixline.sla.kev.source=samples/kev.json")
class KevCaseOpeningTest {

    @Autowired SweepImporter importer;
    @Autowired CaseDispatcher dispatcher;
    @Autowired RemediationCases cases;
    @Autowired ObjectMapper json;
    @Autowired ManagementService management;
    @Autowired HealthEndpoint health;
    @Autowired KevCatalog kev;

    @Test
    void aKevListedMediumFindingGetsACaseDueByTheCatalog() throws Exception {
        String registry = "kev" + UUID.randomUUID().toString().substring(0, 8);
        ArrayNode rows = json.createArrayNode();
        rows.add(row(registry, "CVE-2023-4911", "libc6"));       // in the KEV sample, Medium here
        rows.add(row(registry, "CVE-2099-0001", "libnotkev"));   // not listed, Medium: no case
        importer.importArgExport("kev", new ByteArrayInputStream(json.writeValueAsBytes(rows)));
        dispatcher.dispatch();

        List<CaseView> opened = cases.list(new CaseQuery(null, null, null, null, "kev/app", null), 0, 10).items()
                .stream().filter(c -> c.registryHost().startsWith(registry)).toList();
        assertThat(opened).singleElement().satisfies(c -> {
            assertThat(c.vulnerabilityId()).isEqualTo("CVE-2023-4911");
            assertThat(c.dueAt()).as("the catalog's due date, end of day UTC")
                    .isEqualTo(Instant.parse("2023-12-12T23:59:59Z"));
        });
        List<AuditEvent> timeline = cases.timeline(opened.get(0).id()).orElseThrow();
        assertThat(timeline).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("SLA_SET");
            assertThat(e.summary()).contains("KEV");
        });
    }

    @Test
    void aFindingFirstDetectedAfterTheCatalogsDueDateOpensWithFourteenDaysNotBreached() throws Exception {
        // Log4Shell is due 2021-12-24 in CISA's catalog; this image was first scanned in 2026.
        String registry = "kev" + UUID.randomUUID().toString().substring(0, 8);
        Instant detected = Instant.parse("2026-03-02T08:00:00Z");
        ArrayNode rows = json.createArrayNode();
        rows.add(row(registry, "CVE-2021-44228", "log4j-core", detected, "High"));
        importer.importArgExport("late", new ByteArrayInputStream(json.writeValueAsBytes(rows)));
        dispatcher.dispatch();

        CaseView c = cases.list(new CaseQuery(null, null, null, null, "kev/app", "CVE-2021-44228"), 0, 50).items()
                .stream().filter(k -> k.registryHost().startsWith(registry)).findFirst().orElseThrow();
        Instant due = Instant.parse("2026-03-16T08:00:00Z");
        assertThat(c.dueAt()).as("first detection + fixline.sla.kev.minimum-window (14 days)").isEqualTo(due);
        assertThat(c.remindAt()).isEqualTo(Instant.parse("2026-03-09T08:00:00Z"));
        // Past "Notify owner": the owner's task and its timers exist.
        management.createJobQuery().processInstanceId(c.processInstanceId()).messages().list()
                .forEach(job -> management.executeJob(job.getId()));
        assertThat(management.createJobQuery().processInstanceId(c.processInstanceId()).timers()
                .activityId(Activity.SLA_DUE.id()).singleResult().getDuedate().toInstant()).isEqualTo(due);
        assertThat(management.createJobQuery().processInstanceId(c.processInstanceId()).timers()
                .activityId(Activity.HALFWAY.id()).count()).as("halfway is the later reminder: one timer").isZero();
        assertThat(cases.timeline(c.id()).orElseThrow()).filteredOn(e -> e.type().equals("SLA_SET"))
                .singleElement().satisfies(e -> assertThat(e.summary())
                        .contains("KEV due 2021-12-24, less than 14 days after first detection")
                        .contains("; reminder at 2026-03-09T08:00:00Z; escalation")
                        .doesNotContain("reminders at"));
    }

    @Test
    void theKevHealthComponentShowsTheLoadedCatalog() throws Exception {
        JsonNode published = json.readTree(Files.readAllBytes(Path.of("samples/kev.json")));
        kev.size(); // the first lookup loads it, as the first case would
        Health component = (Health) health.healthForPath("kev");
        assertThat(component.getStatus()).isEqualTo(Status.UP);
        assertThat(component.getDetails()).containsEntry("catalogVersion", "2025.02.25")
                .containsEntry("cves", published.get("count").asInt()).containsKey("loadedAt")
                .containsEntry("source", "samples/kev.json");
    }

    private ObjectNode row(String registry, String cve, String pkg) {
        return row(registry, cve, pkg, Instant.parse("2023-11-01T00:00:00Z"), "Medium");
    }

    private ObjectNode row(String registry, String cve, String pkg, Instant scanned, String severity) {
        ObjectNode row = json.createObjectNode();
        row.put("id", "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/"
                + "Microsoft.ContainerRegistry/registries/" + registry + "/providers/Microsoft.Security/assessments/"
                + "c0b7cfc6-3172-465a-b378-53c7ff2cc0d5/subassessments/" + UUID.randomUUID());
        ObjectNode properties = row.putObject("properties");
        properties.put("timeGenerated", scanned.toString());
        properties.putObject("status").put("code", "Unhealthy").put("severity", severity);
        ObjectNode data = properties.putObject("additionalData");
        data.putObject("artifactDetails").put("registryHost", registry + ".azurecr.io").put("repositoryName", "kev/app")
                .put("digest", "sha256:" + "e".repeat(64)).put("lastPushedToRegistryUTC", "2023-10-01T00:00:00Z");
        data.putObject("softwareDetails").put("packageName", pkg).put("version", "1.0").put("fixedVersion", "1.1")
                .put("category", "OS");
        data.putObject("vulnerabilityDetails").put("cveId", cve);
        return row;
    }
}
