package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.ApplicationTest;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.remediation.CaseDispatcher;
import dev.fixline.remediation.CaseException;
import dev.fixline.remediation.CaseState;
import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.RemediationCases;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The owner's and the auditor's pages in headless Chromium against the whole application: My cases, the
 * case page with its forms and process picture, the auditor's search, timeline and export. The owner is
 * secops-triage, who owns the unowned queue this test's registry falls into.
 */
@ApplicationTest
class CasePagesUiTest {

    static UiBrowser browser;

    @LocalServerPort int port;
    @Autowired SweepImporter importer;
    @Autowired CaseDispatcher dispatcher;
    @Autowired RemediationCases cases;
    @Autowired ManagementService management;
    @Autowired ObjectMapper json;

    UiCases arranged;

    @BeforeAll
    static void startBrowser() {
        browser = null;
    }

    @BeforeEach
    void freshRegistry() {
        if (browser == null) {
            browser = new UiBrowser(port, 1280, 900);
        }
        arranged = new UiCases("pages", json, importer, dispatcher, cases, management);
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anOwnerFindsTheCaseReadsItAndMarksItFixed() throws Exception {
        Instant now = Instant.now();
        List<CaseView> opened = arranged.open(arranged.row("CVE-2024-3094", "xz-utils", now.minus(Duration.ofDays(3))),
                arranged.row("CVE-2032-0002", "libother", now.minus(Duration.ofDays(1))));
        CaseView xz = opened.get(0);

        browser.signInAs("secops-triage", "/");
        assertThat(browser.path()).as("an owner starts on their cases").isEqualTo("/cases");
        assertThat(browser.text("h1")).isEqualTo("My cases");
        browser.open("/cases?repository=app/api&cve=CVE-2024-3094");
        WebElement row = browser.find("tr[data-case-id='" + xz.id() + "']");
        List<String> cells = UiBrowser.cells(row);
        assertThat(cells.get(0)).isEqualTo("High");
        assertThat(cells.get(1)).startsWith("CVE-2024-3094");
        assertThat(cells.get(2)).isEqualTo("xz-utils");
        assertThat(cells.get(3)).contains("app/api", arranged.rows.registryHost());
        long daysLeft = Duration.between(now, xz.dueAt()).toDays();
        assertThat(cells.get(4)).startsWith(daysLeft + " days left");
        assertThat(cells.get(5)).isEqualTo("open");
        assertThat(cells.get(8)).isEqualTo("≥ 1.0.1");
        assertThat(row.findElement(org.openqa.selenium.By.cssSelector("a[href^='https://nvd.nist.gov']"))
                .getDomAttribute("href")).isEqualTo("https://nvd.nist.gov/vuln/detail/CVE-2024-3094");
        browser.open("/cases?repository=app/api");
        browser.screenshot("my-cases");

        browser.severeLogs();
        browser.clickAndWait(browser.find("tr[data-case-id='" + xz.id() + "'] th a"));
        assertThat(browser.path()).isEqualTo("/cases/" + xz.id());
        assertThat(browser.text("h1")).isEqualTo("CVE-2024-3094 in xz-utils");
        assertThat(browser.text("#finding-facts")).contains("1.0.0 → 1.0.1", "Not in CISA's KEV catalog",
                arranged.rows.registryHost() + "/app/api");
        assertThat(UiBrowser.cells(browser.find("#digests tbody tr")).get(0)).isEqualTo("sha256:" + "a".repeat(64));
        assertThat(browser.text("#owner")).isEqualTo("secops-triage");
        assertThat(browser.all("#timeline li")).extracting(li -> li.getDomAttribute("data-type"))
                .contains("CASE_OPENED");
        browser.waitFor("#process-picture", "data-drawn");
        assertThat(browser.find("#process-picture").getDomAttribute("data-drawn")).as("bpmn-js drew the process")
                .matches("\\d+");
        assertThat(browser.text("#process-current")).as("the steps by their names in the diagram")
                .contains("Remediate finding", "SLA clock running");
        assertThat((Long) browser.script("return document.querySelectorAll('#process-picture .highlight').length"))
                .as("the step the case waits in is highlighted").isPositive();
        assertThat(browser.severeLogs()).as("no script error, nothing blocked by the content security policy")
                .isEmpty();
        browser.screenshot("case-page");

        // A comment longer than the form allows (the browser's own limit bypassed): refused, named, kept.
        WebElement comment = browser.find("#fixed-comment");
        browser.script("arguments[0].removeAttribute('maxlength')", comment);
        comment.sendKeys("x".repeat(2001));
        browser.clickAndWait(browser.find("#form-fixed button"));
        assertThat(browser.text("#form-problem")).contains("comment: at most 2000 characters");
        assertThat(arranged.now(xz).state()).as("nothing changed").isEqualTo(CaseState.OPEN);

        browser.find("#fixed-comment").clear();
        browser.find("#fixed-comment").sendKeys("Rebuilt on the patched base image");
        browser.find("#fixed-digest").sendKeys("sha256:" + "b".repeat(64));
        browser.clickAndWait(browser.find("#form-fixed button"));
        assertThat(browser.path()).as("post/redirect/get").isEqualTo("/cases/" + xz.id());
        assertThat(browser.text("#notice")).startsWith("Marked fixed.");
        assertThat(browser.text("#case-state")).isEqualTo("fixed, awaiting rescan");
        assertThat(arranged.now(xz).state()).isEqualTo(CaseState.AWAITING_VERIFICATION);
        assertThat(browser.all("#form-fixed")).as("nothing left to mark").isEmpty();
        assertThat(cases.timeline(xz.id()).orElseThrow()).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("secops-triage");
            assertThat(e.summary()).contains("Rebuilt on the patched base image");
        });
    }

    @Test
    void onATabletThePagesFitTheScreenWideTablesScrollInTheirBox() throws Exception {
        CaseView c = arranged.open(arranged.row("CVE-2032-0401", "libtablet", Instant.now().minus(Duration.ofDays(1))))
                .get(0);
        browser.signInAs("admin", "/cases");
        org.openqa.selenium.Dimension laptop = browser.driver.manage().window().getSize();
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(800, 1100));
        try {
            for (String page : List.of("/cases", "/cases/" + c.id(), "/audit?go=1", "/sweeps")) {
                browser.open(page);
                assertThat((Boolean) browser.script("return document.documentElement.scrollWidth "
                        + "<= document.documentElement.clientWidth")).as(page + " needs no sideways scrolling").isTrue();
            }
            browser.open("/cases/" + c.id());
            browser.waitFor("#process-picture", "data-drawn");
            browser.screenshot("case-page-tablet");
        } finally {
            browser.driver.manage().window().setSize(laptop);
        }
    }

    @Test
    void anOwnerAsksForAnExceptionAndTheManagerApprovesItOnTheCasePage() throws Exception {
        CaseView c = arranged.open(arranged.row("CVE-2032-0101", "libwait", Instant.now().minus(Duration.ofDays(2))))
                .get(0);
        browser.signInAs("secops-triage", "/cases/" + c.id());
        LocalDate until = LocalDate.now(ZoneOffset.UTC).plusDays(30);
        browser.find("#exception-reason").sendKeys("Build image, retired next quarter");
        browser.find("#exception-control").sendKeys("Not reachable from outside the cluster");
        browser.script("arguments[0].value = arguments[1]", browser.find("#exception-until"), until.toString());
        browser.clickAndWait(browser.find("#form-exception button"));
        assertThat(browser.text("#notice")).startsWith("Exception requested.");
        assertThat(browser.all("#form-decide-exception")).as("never the requester's to decide").isEmpty();
        assertThat(browser.text("#waiting")).startsWith("An exception request waits for its approvers");
        assertThat(browser.all("#form-fixed, #form-exception, #form-false-positive"))
                .as("the owner's work waits with the request").isEmpty();
        assertThat(browser.all("#form-reassign")).hasSize(1);
        arranged.runJobs(c);

        browser.signInAs("manager", "/cases/" + c.id());
        assertThat(browser.text("#form-decide-exception")).contains("secops-triage asks until " + until,
                "Build image, retired next quarter", "Not reachable from outside the cluster");
        browser.find("#form-decide-exception input[value=approve]").click();
        browser.find("#decide-exception-reason").sendKeys("Internal only; replaced in Q1");
        browser.screenshot("case-exception-decision");
        browser.clickAndWait(browser.find("#form-decide-exception button"));
        assertThat(browser.text("#notice")).isEqualTo("Exception approved.");
        arranged.runJobs(c);
        browser.open("/cases/" + c.id());
        assertThat(browser.text("#case-state")).isEqualTo("exception running");
        assertThat(browser.text("#paused")).startsWith("since");
        assertThat(cases.exceptions(c.id()).orElseThrow()).extracting(CaseException::state)
                .containsExactly(CaseException.State.APPROVED);
    }

    @Test
    void aManagerReadsTheSlaAsItStoodOnADay() throws Exception {
        CaseView c = arranged.open(arranged.row("CVE-2032-0301", "libhistory", Instant.now().minus(Duration.ofDays(2))))
                .get(0);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();

        browser.signInAs("manager", "/manager");
        browser.clickAndWait(browser.find("#sla-history-link"));
        assertThat(browser.path()).isEqualTo("/reports/sla-history");
        WebElement row = browser.find("#standing-cases tbody tr[data-case-id='" + c.id() + "']");
        assertThat(UiBrowser.cells(row).get(1)).startsWith("open");
        assertThat(UiBrowser.cells(row).get(4)).isEqualTo("security");
        assertThat(browser.text("#figures caption")).contains(today);
        browser.screenshot("sla-history");

        browser.script("arguments[0].value = arguments[1]", browser.find("#h-as-of"), yesterday);
        browser.clickAndWait(browser.find("form.filters button"));
        assertThat(browser.all("#standing-cases tbody tr")).as("the case was opened today, not yet yesterday")
                .extracting(r -> r.getDomAttribute("data-case-id")).doesNotContain(c.id());

        browser.open("/reports/sla-history?asOf=2999-01-01");
        assertThat(browser.text("#problem")).contains("is after today");
    }

    @Test
    void anAuditorSearchesReadsTheTimelineAndExportsThePeriod() throws Exception {
        List<CaseView> opened = arranged.open(
                arranged.row("CVE-2032-0201", "libaudit", Instant.now().minus(Duration.ofDays(5))),
                arranged.row("CVE-2032-0202", "libaudit2", Instant.now().minus(Duration.ofDays(5))));
        cases.markFixed(opened.get(1).id(), "secops-triage", "patched", null);
        String today = LocalDate.now(ZoneOffset.UTC).toString();

        browser.signInAs("auditor", "/audit");
        assertThat(browser.text("#search-hint")).contains("Choose filters");
        browser.find("#a-cve").sendKeys("CVE-2032-0201");
        browser.script("arguments[0].value = arguments[1]", browser.find("#a-from"), today);
        browser.script("arguments[0].value = arguments[1]", browser.find("#a-to"), today);
        browser.clickAndWait(browser.find("form.filters button"));
        assertThat(browser.all("#results tbody tr")).extracting(r -> r.getDomAttribute("data-case-id"))
                .contains(opened.get(0).id()).doesNotContain(opened.get(1).id());
        browser.screenshot("auditor-search");

        // The findings behind them, by repository and period; the owner's team narrows them by location.
        browser.open("/audit?what=findings&repository=app/api&team=security&from=" + today + "&to=" + today);
        assertThat(browser.all("#finding-results tbody tr")).extracting(r -> r.getDomAttribute("data-finding-id"))
                .contains(opened.get(0).findingIds().get(0), opened.get(1).findingIds().get(0));
        browser.open("/audit?what=findings&repository=app/api&team=payments");
        assertThat(browser.all("#finding-results tbody tr")).extracting(r -> r.getDomAttribute("data-finding-id"))
                .as("another team's locations").doesNotContain(opened.get(0).findingIds().get(0));

        // A period that ends before it starts is refused and named.
        browser.open("/audit?from=2026-12-01&to=2026-11-01");
        assertThat(browser.text("#problem")).contains("to: the period ends");

        browser.open("/audit?repository=app/api&from=" + today + "&to=" + today);
        browser.clickAndWait(browser.find("tr[data-case-id='" + opened.get(1).id() + "'] th a"));
        assertThat(browser.all("#timeline li")).extracting(li -> li.getDomAttribute("data-type"))
                .contains("CASE_OPENED");
        assertThat(browser.text("#timeline")).contains("patched");
        assertThat(browser.all("form.action-form")).as("auditors change nothing").isEmpty();
        assertThat(browser.text("#no-actions")).startsWith("Nothing for you to do");

        browser.open("/audit?repository=app/api&from=" + today + "&to=" + today);
        List<Object> csv = browser.fetch(browser.find("#export-csv").getDomAttribute("href"));
        assertThat(csv.get(0)).isEqualTo(200L);
        assertThat((String) csv.get(1)).startsWith("text/csv");
        assertThat((String) csv.get(2)).contains("attachment", "fixline-cases-" + today + "-to-" + today + ".csv");
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader((String) csv.get(3))).getRecords();
        List<CSVRecord> mine = records.stream().filter(r -> r.get("registry").equals(arranged.rows.registryHost()))
                .toList();
        assertThat(mine).extracting(r -> r.get("case_id")).contains(opened.get(0).id(), opened.get(1).id());
        assertThat(mine).filteredOn(r -> r.get("case_id").equals(opened.get(1).id()))
                .extracting(r -> r.get("summary")).anySatisfy(s -> assertThat(s).contains("patched"));

        List<Object> exported = browser.fetch(browser.find("#export-json").getDomAttribute("href"));
        assertThat(exported.get(0)).isEqualTo(200L);
        JsonNode body = json.readTree((String) exported.get(3));
        assertThat(body.path("exportedBy").asText()).isEqualTo("auditor");
        assertThat(body.path("period").path("from").asText()).isEqualTo(today + "T00:00:00Z");
        JsonNode fixed = null;
        for (JsonNode c : body.path("cases")) {
            if (c.path("case").path("id").asText().equals(opened.get(1).id())) {
                fixed = c;
            }
        }
        assertThat(fixed).as("the fixed case is in the JSON export").isNotNull();
        assertThat(fixed.path("case").path("state").asText()).isEqualTo("AWAITING_VERIFICATION");
        assertThat(fixed.path("events").findValuesAsText("type")).contains("CASE_OPENED");
    }

    @Test
    void aManagerUploadsAnExportAndReadsWhatTheSweepDid() throws Exception {
        Instant scanned = Instant.now().minus(Duration.ofHours(2));
        Path export = Files.createTempFile("resource-graph-export", ".json");
        Files.write(export, arranged.export(arranged.row("CVE-2032-0301", "libupload", scanned),
                arranged.row("CVE-2032-0302", "libupload", scanned)));
        Path broken = Files.createTempFile("not-an-export", ".json");
        Files.writeString(broken, "{\"data\": [{\"id\": 42");

        browser.signInAs("owner", "/sweeps");
        assertThat(browser.all("#form-upload")).as("owners read sweeps, they do not import them").isEmpty();

        browser.signInAs("manager", "/sweeps");
        assertThat(browser.all("#form-arg")).as("starting Resource Graph is for administrators").isEmpty();
        browser.find("#upload-files").sendKeys(broken.toString());
        browser.clickAndWait(browser.find("#form-upload button"));
        assertThat(browser.path()).isEqualTo("/sweeps");
        assertThat(browser.text("#problem")).startsWith("Nothing was imported:");

        browser.find("#upload-files").sendKeys(export.toString());
        browser.clickAndWait(browser.find("#form-upload button"));
        assertThat(browser.path()).startsWith("/sweeps/");
        assertThat(browser.text("#notice")).startsWith("Imported " + export.getFileName() + ": 2 rows, 2 new findings");
        assertThat(browser.text("#sweep-counts")).startsWith("2 rows: 2 new");
        browser.open("/sweeps");
        assertThat(UiBrowser.cells(browser.find("#sweeps tbody tr")).get(1)).startsWith(export.getFileName().toString());
        // The same export again is older than what was applied: refused, in words, and nothing changes.
        browser.find("#upload-files").sendKeys(export.toString());
        browser.clickAndWait(browser.find("#form-upload button"));
        assertThat(browser.text("#problem")).startsWith("Nothing was imported:");
        assertThat(UiBrowser.cells(browser.find("#sweeps tbody tr")).get(1)).startsWith(export.getFileName().toString());
        browser.screenshot("sweeps");
        dispatcher.dispatch();
        assertThat(arranged.caseOf("CVE-2032-0301").owner()).as("the upload opened its cases").isEqualTo("secops-triage");
        Files.delete(export);
        Files.delete(broken);
    }
}
