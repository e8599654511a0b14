package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.remediation.RemediationProcess.Activity;
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
import java.time.Duration;
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
        writeCatalog("CVE-2000-0001,2026-05-20,2026-06-03");
        registry.add("fixline.sla.kev.source", CATALOG::toString);
    }

    @Test
    void aNewListingOpensCasesAndTightensDeadlines() throws IOException {
        DefenderRows rows = new DefenderRows(json, "kl");
        String digest = "sha256:" + "1".repeat(64);
        ArrayNode sweep = json.createArrayNode();
        sweep.add(rows.row("kev/listed", digest, DETECTED.minusSeconds(86_400), DETECTED,
                "CVE-2099-7777", "Medium", rows.os("debian_12"), "libmedium", "1.0-1", "1.0-2"));
        sweep.add(rows.row("kev/listed", digest, DETECTED.minusSeconds(86_400), DETECTED,
                "CVE-2099-8888", "High", rows.os("debian_12"), "libhigh", "1.0-1", "1.0-2"));
        sweep.add(rows.row("kev/listed", digest, DETECTED.minusSeconds(86_400), DETECTED,
                "CVE-2099-9999", "High", rows.os("debian_12"), "libsoon", "1.0-1", "1.0-2"));
        importer.importArgExport("before listing", new ByteArrayInputStream(json.writeValueAsBytes(sweep)));
        dispatcher.dispatch();
        CaseView high = only("CVE-2099-8888", rows);
        assertThat(high.dueAt()).isEqualTo(DETECTED.plus(Duration.ofDays(30)));
        assertThat(of("CVE-2099-7777", rows)).as("Medium and not listed: no case").isEmpty();
        CaseView soon = only("CVE-2099-9999", rows);
        for (CaseView c : List.of(high, soon)) {
            management.createJobQuery().processInstanceId(c.processInstanceId()).messages().list()
                    .forEach(job -> management.executeJob(job.getId()));
        }

        // CISA lists all three. Two with its usual 14 days from a listing the day after detection; one with a
        // due date only four days after detection, which the minimum window moves to detection + 14 days.
        writeCatalog("CVE-2000-0001,2026-05-20,2026-06-03", "CVE-2099-7777,2026-06-02,2026-06-16",
                "CVE-2099-8888,2026-06-02,2026-06-16", "CVE-2099-9999,2026-05-22,2026-06-05");
        assertThat(kev.refresh()).isTrue();
        dispatcher.dispatch();

        Instant catalogDue = Instant.parse("2026-06-16T23:59:59Z");
        CaseView medium = only("CVE-2099-7777", rows);
        assertThat(medium.dueAt()).as("the catalog's date, earlier than Medium's 90 days").isEqualTo(catalogDue);
        CaseView tightened = only("CVE-2099-8888", rows);
        assertThat(tightened.dueAt()).isEqualTo(catalogDue);
        assertThat(timer(tightened, Activity.SLA_DUE.id())).isEqualTo(catalogDue);
        assertThat(cases.timeline(tightened.id()).orElseThrow()).extracting(e -> e.type())
                .contains("KEV_LISTED", "SLA_CHANGED");

        Instant window = DETECTED.plus(Duration.ofDays(14));
        CaseView notBreached = only("CVE-2099-9999", rows);
        assertThat(notBreached.dueAt()).as("due 2026-06-05 in the catalog, but 14 days from detection at least")
                .isEqualTo(window);
        assertThat(timer(notBreached, Activity.SLA_DUE.id())).isEqualTo(window);
        // 14 days: the reminder 7 days before due is also halfway, so there is one reminder, and no second timer.
        assertThat(notBreached.remindAt()).isEqualTo(DETECTED.plus(Duration.ofDays(7)));
        assertThat(timer(notBreached, Activity.REMINDER.id())).isEqualTo(DETECTED.plus(Duration.ofDays(7)));
        assertThat(management.createJobQuery().processInstanceId(notBreached.processInstanceId()).timers()
                .activityId(Activity.HALFWAY.id()).count()).as("no reminder timer at or after the due date").isZero();
        assertThat(cases.timeline(notBreached.id()).orElseThrow()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("SLA_CHANGED");
            assertThat(e.summary()).contains("CVE-2099-9999 newly listed", "to " + window);
        });
    }

    private Instant timer(CaseView c, String activity) {
        return management.createJobQuery().processInstanceId(c.processInstanceId()).timers().activityId(activity)
                .singleResult().getDuedate().toInstant();
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

    /**
     * A catalog in the shape CISA publishes (cisagov/kev-data), listing {@code entries}, each
     * "cveID,dateAdded,dueDate".
     */
    static void writeCatalog(String... entries) {
        StringBuilder vulnerabilities = new StringBuilder();
        for (String entry : entries) {
            String[] f = entry.split(",");
            vulnerabilities.append(vulnerabilities.length() == 0 ? "" : ",").append("""
                    {"cveID": "%s", "vendorProject": "Example", "product": "Example", "vulnerabilityName": "x",
                     "dateAdded": "%s", "shortDescription": "…", "requiredAction": "Apply updates per vendor instructions.",
                     "dueDate": "%s", "knownRansomwareCampaignUse": "Unknown", "notes": "", "cwes": []}"""
                    .formatted(f[0], f[1], f[2]));
        }
        try {
            Files.createDirectories(CATALOG.getParent());
            Files.writeString(CATALOG, """
                    {"title": "CISA Catalog of Known Exploited Vulnerabilities", "catalogVersion": "2026.06.02",
                     "dateReleased": "2026-06-02T17:01:08.0954Z", "count": %d, "vulnerabilities": [%s]}"""
                    .formatted(entries.length, vulnerabilities));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
