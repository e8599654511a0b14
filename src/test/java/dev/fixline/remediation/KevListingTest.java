package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.fixline.ApplicationTest;
import dev.fixline.DefenderRows;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.sla.KevCatalog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A CVE that CISA adds to KEV while its findings are open: a case for each, and earlier deadlines. */
@ApplicationTest
class KevListingTest {

    static final Path CATALOG = Path.of("target", "kev-listing-test.json");
    static final Instant DETECTED = Instant.parse("2026-06-01T00:00:00Z");

    @Autowired SweepImporter importer;
    @Autowired CaseDispatcher dispatcher;
    @Autowired RemediationCases cases;
    @Autowired KevCatalog kev;
    @Autowired ManagementService management;
    @Autowired ObjectMapper json;

    @DynamicPropertySource
    static void catalog(DynamicPropertyRegistry registry) {
        writeCatalog("CVE-2000-0001");
        registry.add("fixline.sla.kev.source", CATALOG::toString);
    }

    @Test
    void aNewListingOpensCasesAndTightensDeadlines() throws IOException {
        DefenderRows rows = new DefenderRows(json, "kl");
        ArrayNode sweep = json.createArrayNode();
        sweep.add(rows.row("kev/listed", "sha256:" + "1".repeat(64), DETECTED.minusSeconds(86_400), DETECTED,
                "CVE-2099-7777", "Medium", rows.os("debian_12"), "libmedium", "1.0-1", "1.0-2"));
        sweep.add(rows.row("kev/listed", "sha256:" + "1".repeat(64), DETECTED.minusSeconds(86_400), DETECTED,
                "CVE-2099-8888", "High", rows.os("debian_12"), "libhigh", "1.0-1", "1.0-2"));
        importer.importArgExport("before listing", new ByteArrayInputStream(json.writeValueAsBytes(sweep)));
        dispatcher.dispatch();
        CaseView high = only("CVE-2099-8888", rows);
        assertThat(high.dueAt()).isEqualTo(DETECTED.plus(java.time.Duration.ofDays(30)));
        assertThat(of("CVE-2099-7777", rows)).as("Medium and not listed: no case").isEmpty();
        management.createJobQuery().processInstanceId(high.processInstanceId()).messages().list()
                .forEach(job -> management.executeJob(job.getId()));

        writeCatalog("CVE-2000-0001", "CVE-2099-7777", "CVE-2099-8888");
        assertThat(kev.refresh()).isTrue();
        dispatcher.dispatch();

        Instant catalogDue = Instant.parse("2026-06-10T23:59:59Z");
        CaseView medium = only("CVE-2099-7777", rows);
        assertThat(medium.dueAt()).as("the catalog's date, earlier than Medium's 90 days").isEqualTo(catalogDue);
        CaseView tightened = only("CVE-2099-8888", rows);
        assertThat(tightened.dueAt()).isEqualTo(catalogDue);
        assertThat(management.createJobQuery().processInstanceId(tightened.processInstanceId()).timers()
                .activityId("Timer_SlaBreach").singleResult().getDuedate().toInstant()).isEqualTo(catalogDue);
        assertThat(cases.timeline(tightened.id()).orElseThrow()).extracting(e -> e.type())
                .contains("KEV_LISTED", "SLA_CHANGED");
    }

    private List<CaseView> of(String cve, DefenderRows rows) {
        return cases.list(new CaseQuery(null, null, null, null, "kev/listed", cve), 0, 10).items().stream()
                .filter(c -> c.registryHost().equals(rows.registryHost())).toList();
    }

    private CaseView only(String cve, DefenderRows rows) {
        List<CaseView> found = of(cve, rows);
        assertThat(found).as(cve).hasSize(1);
        return found.get(0);
    }

    /** A catalog in cisagov/kev-data's shape listing {@code cves}, each added 2026-05-27 and due 2026-06-10. */
    static void writeCatalog(String... cves) {
        StringBuilder entries = new StringBuilder();
        for (String cve : cves) {
            entries.append(entries.length() == 0 ? "" : ",").append("{\"cveID\":\"").append(cve)
                    .append("\",\"vendorProject\":\"Example\",\"product\":\"Example\",\"vulnerabilityName\":\"x\","
                            + "\"dateAdded\":\"2026-05-27\",\"dueDate\":\"2026-06-10\"}");
        }
        try {
            Files.createDirectories(CATALOG.getParent());
            Files.writeString(CATALOG, "{\"catalogVersion\":\"test\",\"vulnerabilities\":[" + entries + "]}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
