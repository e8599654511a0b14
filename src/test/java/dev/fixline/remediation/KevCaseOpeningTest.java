package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.ApplicationTest;
import dev.fixline.audit.AuditEvent;
import dev.fixline.ingest.SweepImporter;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
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

    private ObjectNode row(String registry, String cve, String pkg) {
        ObjectNode row = json.createObjectNode();
        row.put("id", "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/"
                + "Microsoft.ContainerRegistry/registries/" + registry + "/providers/Microsoft.Security/assessments/"
                + "c0b7cfc6-3172-465a-b378-53c7ff2cc0d5/subassessments/" + UUID.randomUUID());
        ObjectNode properties = row.putObject("properties");
        properties.put("timeGenerated", "2023-11-01T00:00:00Z");
        properties.putObject("status").put("code", "Unhealthy").put("severity", "Medium");
        ObjectNode data = properties.putObject("additionalData");
        data.putObject("artifactDetails").put("registryHost", registry + ".azurecr.io").put("repositoryName", "kev/app")
                .put("digest", "sha256:" + "e".repeat(64)).put("lastPushedToRegistryUTC", "2023-10-01T00:00:00Z");
        data.putObject("softwareDetails").put("packageName", pkg).put("version", "1.0").put("fixedVersion", "1.1")
                .put("category", "OS");
        data.putObject("vulnerabilityDetails").put("cveId", cve);
        return row;
    }
}
