package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.DefenderRows;
import dev.fixline.MutableClock;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.remediation.CaseDispatcher;
import dev.fixline.remediation.CaseExceptions;
import dev.fixline.remediation.CaseQuery;
import dev.fixline.remediation.CaseReassignments;
import dev.fixline.remediation.CaseState;
import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.RemediationCases;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The SLA report ({@code GET /api/reports/sla}) over cases arranged through the real paths on a database of
 * the test's own: sweeps at a test clock's instants, the dispatcher, the engine's jobs and due timers, an
 * owner's false-positive claim and the security approver's decision, a reassignment. Seven High cases in
 * seven repositories, first detected on 20 September (2026) unless said otherwise:
 * <ul>
 *   <li>{@code fixed-early}: a newer clean image closes it on 30 September, 10 days after opening (on time);</li>
 *   <li>{@code fixed-late}: closed the same way on 30 October, after its due date of 20 October;</li>
 *   <li>{@code false-positive}: confirmed a false positive on 10 October (not counted towards compliance);</li>
 *   <li>{@code overdue}: open, past due and breached;</li>
 *   <li>{@code due-soon}: first detected on 5 October, open, due on 4 November;</li>
 *   <li>{@code old}: first detected on 1 May, open;</li>
 *   <li>{@code web}: open and overdue, handed to team web (owner frank);</li>
 *   <li>{@code excepted}: an exception approved on 10 October, before its due date, still runs when a newer
 *       image fixes it on 30 October: on time, as its clock stood still.</li>
 * </ul>
 * The report is read on 30 October; every other case is in the unowned queue (team security).
 */
abstract class SlaReportTest {

    static final Instant T0 = Instant.parse("2026-09-20T06:00:00Z");
    static final Instant NOW = T0.plus(Duration.ofDays(40));
    static final String DIGEST = "sha256:" + "a".repeat(64);
    static final String NEW_DIGEST = "sha256:" + "b".repeat(64);

    @Autowired TestRestTemplate http;
    @Autowired SweepImporter importer;
    @Autowired CaseDispatcher dispatcher;
    @Autowired RemediationCases cases;
    @Autowired ManagementService management;
    @Autowired MutableClock clock;
    @Autowired ObjectMapper json;

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MutableClock clock() {
            return new MutableClock();
        }
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private DefenderRows rows;
    /** What each sweep shows, by repository: the affected image's row, or the fixed image's clean one. */
    private final Map<String, ObjectNode> estate = new LinkedHashMap<>();
    /** The rows no sweep showed yet: their own scan time is when the scanner first saw them. */
    private final java.util.Set<ObjectNode> unseen = new java.util.HashSet<>();

    @Test
    void theReportCountsWhatTheCasesWentThrough() throws Exception {
        arrange();

        JsonNode report = get("manager", "/api/reports/sla");
        assertThat(report.path("asOf").asText()).isEqualTo(NOW.toString());

        // September: one fixed, on time; October: one fixed late, one fixed while its exception ran (on time),
        // and a false positive that is not counted.
        List<JsonNode> months = list(report.path("compliance"));
        assertThat(months).hasSize(12);
        assertThat(months.get(0).path("month").asText()).isEqualTo("2025-11");
        assertThat(months.get(11).path("month").asText()).isEqualTo("2026-10");
        assertThat(month(months, "2026-09")).isEqualTo(List.of("1", "0", "0", "100.0"));
        assertThat(month(months, "2026-10")).isEqualTo(List.of("1", "1", "1", "50.0"));
        assertThat(month(months, "2026-08")).as("nothing closed").isEqualTo(List.of("0", "0", "0", "null"));

        // High: 10, 40 and 40 days from opening to the fix; no other severity fixed in the 90 days.
        assertThat(report.path("remediationWindowDays").asInt()).isEqualTo(90);
        assertThat(list(report.path("timeToRemediate"))).extracting(t -> t.path("severity").asText() + " "
                + t.path("fixed").asLong() + " " + t.path("meanDays").asText())
                .containsExactly("CRITICAL 0 null", "HIGH 3 30.0", "MEDIUM 0 null", "LOW 0 null");

        // Open: overdue and web (40 days), due-soon (25 days), old (182 days).
        assertThat(list(report.path("aging"))).extracting(a -> a.path("label").asText() + "=" + a.path("open").asLong())
                .containsExactly("0–7 days=0", "8–30 days=1", "31–90 days=2", "91–180 days=0", "over 180 days=1");

        assertThat(list(report.path("dueSoon"))).extracting(d -> d.path("vulnerabilityId").asText())
                .containsExactly("CVE-2032-0005");
        assertThat(report.path("dueSoonCount").asLong()).isEqualTo(1);
        assertThat(list(report.path("bySeverity"))).extracting(l -> l.path("name").asText() + " "
                + l.path("open").asLong() + " " + l.path("overdue").asLong() + " " + l.path("breached").asLong())
                .containsExactly("HIGH 4 3 3");
        assertThat(list(report.path("byTeam"))).extracting(l -> l.path("name").asText() + " " + l.path("open").asLong()
                + " " + l.path("overdue").asLong()).containsExactly("security 3 2", "web 1 1");
        assertThat(list(report.path("byOwner"))).extracting(l -> l.path("name").asText() + " "
                + l.path("open").asLong() + " " + l.path("overdue").asLong())
                .as("the most overdue first").containsExactly("secops-triage 3 2", "frank 1 1");

        assertThat(get("admin", "/api/reports/sla")).as("administrators see every team").isEqualTo(report);
        assertThat(get("auditor", "/api/reports/sla")).as("auditors too").isEqualTo(report);
    }

    @Test
    void aManagerOfOneTeamGetsThatTeamsFiguresAndAnOwnerNone() throws Exception {
        arrange();

        JsonNode web = get("web-manager", "/api/reports/sla");
        assertThat(list(web.path("compliance"))).as("team web closed nothing")
                .allSatisfy(m -> assertThat(m.path("compliancePercent").isNull()).isTrue());
        assertThat(list(web.path("byTeam"))).extracting(l -> l.path("name").asText()).containsExactly("web");
        assertThat(list(web.path("byOwner"))).extracting(l -> l.path("name").asText()).containsExactly("frank");
        assertThat(list(web.path("aging"))).extracting(a -> a.path("open").asLong()).containsExactly(0L, 0L, 1L, 0L, 0L);
        assertThat(list(web.path("dueSoon"))).isEmpty();

        for (String path : List.of("/api/reports/sla", "/api/reports/sla.csv")) {
            ResponseEntity<String> owner = http.withBasicAuth("owner", "demo").getForEntity(path, String.class);
            assertThat(owner.getStatusCode()).as(path).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(owner.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(json.readTree(owner.getBody()).path("detail").asText())
                    .isEqualTo("the SLA report is for managers, auditors and administrators");
        }
        assertThat(http.getForEntity("/api/reports/sla", String.class).getStatusCode())
                .as("anonymous").isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void theReportAsCsvHoldsTheSameFiguresOneARow() throws Exception {
        arrange();

        HttpHeaders accept = new HttpHeaders();
        accept.setAccept(List.of(MediaType.parseMediaType("text/csv")));
        ResponseEntity<String> response = http.withBasicAuth("manager", "demo").exchange("/api/reports/sla",
                HttpMethod.GET, new HttpEntity<>(accept), String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.parseMediaType("text/csv")))
                .isTrue();
        assertThat(response.getHeaders().getContentDisposition().getFilename()).isEqualTo("fixline-sla-2026-10-30.csv");
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(response.getBody())).getRecords();
        assertThat(records.get(0).getParser().getHeaderNames()).containsExactly("section", "name", "measure", "value");
        assertThat(value(records, "report", "", "sight")).startsWith("Your teams: payments, platform, security, web");
        assertThat(value(records, "compliance", "2026-09", "compliance %")).isEqualTo("100.0");
        assertThat(value(records, "compliance", "2026-10", "fixed late")).isEqualTo("1");
        assertThat(value(records, "compliance", "2026-10", "closed as gone or false positive")).isEqualTo("1");
        assertThat(value(records, "compliance", "2026-08", "compliance %")).as("nothing fixed").isEmpty();
        assertThat(value(records, "time to remediate", "High", "mean days")).isEqualTo("30.0");
        assertThat(value(records, "aging", "over 180 days", "open")).isEqualTo("1");
        assertThat(value(records, "team", "web", "overdue")).isEqualTo("1");
        assertThat(value(records, "owner", "secops-triage", "open")).isEqualTo("3");
        CaseView dueSoon = caseOf("CVE-2032-0005");
        assertThat(value(records, "due within 7 days", dueSoon.id(), "due")).isEqualTo(dueSoon.dueAt().toString());

        ResponseEntity<String> link = http.withBasicAuth("manager", "demo").getForEntity("/api/reports/sla.csv",
                String.class);
        assertThat(link.getBody()).as("the dashboard's link gives the same file").isEqualTo(response.getBody());
    }

    /** The cases of the class comment, at the test clock's instants. */
    private void arrange() throws Exception {
        rows = new DefenderRows(json, "sla");
        Instant detected = T0.minus(Duration.ofHours(1));
        affected("fixed-early", "CVE-2032-0001", detected);
        affected("fixed-late", "CVE-2032-0002", detected);
        affected("false-positive", "CVE-2032-0003", detected);
        affected("overdue", "CVE-2032-0004", detected);
        affected("old", "CVE-2032-0006", Instant.parse("2026-05-01T00:00:00Z"));
        affected("web", "CVE-2032-0007", detected);
        affected("excepted", "CVE-2032-0008", detected);
        at(T0);
        cases.reassign(caseOf("CVE-2032-0007").id(), "admin", new CaseReassignments.Target(null, "web"),
                "The web team builds it");
        settle();

        clean("fixed-early", T0.plus(Duration.ofDays(5)));
        at(T0.plus(Duration.ofDays(10)));
        assertThat(caseOf("CVE-2032-0001").state()).isEqualTo(CaseState.CLOSED);

        affected("due-soon", "CVE-2032-0005", T0.plus(Duration.ofDays(15)).minus(Duration.ofHours(1)));
        at(T0.plus(Duration.ofDays(15)));

        at(T0.plus(Duration.ofDays(20)));
        CaseView claimed = caseOf("CVE-2032-0003");
        cases.claimFalsePositive(claimed.id(), claimed.owner(), "The package is not in the runtime image");
        settle();
        cases.decideFalsePositive(claimed.id(), "security-lead", false, true, "Build stage only, confirmed");
        settle();
        assertThat(caseOf("CVE-2032-0003").resolution()).isEqualTo("FALSE_POSITIVE");
        estate.remove("false-positive"); // suppressed: what the scanner says of it no longer matters
        CaseView excepted = caseOf("CVE-2032-0008");
        cases.requestException(excepted.id(), excepted.owner(), new CaseExceptions.Request("Retired next quarter",
                "Not reachable from outside", T0.plus(Duration.ofDays(60))));
        settle();
        cases.decideException(excepted.id(), "manager", false, true, "Accepted until the retirement");
        settle();
        assertThat(caseOf("CVE-2032-0008").state()).isEqualTo(CaseState.EXCEPTION);

        at(T0.plus(Duration.ofDays(32)));
        clean("fixed-late", T0.plus(Duration.ofDays(35)));
        clean("excepted", T0.plus(Duration.ofDays(35)));
        at(NOW);
        assertThat(caseOf("CVE-2032-0002").resolution()).isEqualTo("FIXED");
        assertThat(caseOf("CVE-2032-0008").resolution()).isEqualTo("FIXED");
    }

    private void affected(String repository, String cve, Instant detected) {
        ObjectNode row = rows.row(repository, DIGEST, detected.minus(Duration.ofDays(1)), detected, cve, "High",
                rows.os("debian_12"), "lib" + repository, "1.0.0", "1.0.1");
        estate.put(repository, row);
        unseen.add(row);
    }

    /** A newer image of the repository, pushed then: only a Low finding of another package (no case) shows it. */
    private void clean(String repository, Instant pushed) {
        ObjectNode row = rows.row(repository, NEW_DIGEST, pushed, pushed.plus(Duration.ofHours(1)),
                "CVE-2032-0999", "Low", rows.os("debian_12"), "libother", "1.0.0", "1.0.1");
        estate.put(repository, row);
        unseen.add(row);
    }

    /**
     * At that instant: a complete sweep of the estate, scanned by Defender an hour before (a row's first scan
     * stays its detection), then the dispatcher, the due timers and the jobs.
     */
    private void at(Instant instant) throws Exception {
        clock.set(instant);
        ObjectNode body = json.createObjectNode();
        ArrayNode data = body.putArray("data");
        Instant scanned = instant.minus(Duration.ofHours(1));
        for (ObjectNode row : estate.values()) {
            ObjectNode rescanned = row.deepCopy();
            ObjectNode properties = (ObjectNode) rescanned.path("properties");
            if (!unseen.contains(row) && Instant.parse(properties.path("timeGenerated").asText()).isBefore(scanned)) {
                properties.put("timeGenerated", scanned.toString());
            }
            data.add(rescanned);
        }
        unseen.clear();
        body.put("resultTruncated", "false");
        importer.importArgExport("sla-report", new ByteArrayInputStream(json.writeValueAsBytes(body)));
        settle();
    }

    private void settle() {
        for (int round = 0; round < 5; round++) {
            dispatcher.dispatch();
            runJobs();
            Date now = Date.from(clock.instant().plusMillis(1));
            List<Job> timers = management.createJobQuery().timers().duedateLowerThan(now).list();
            timers.forEach(job -> management.executeJob(job.getId()));
            runJobs();
        }
    }

    private void runJobs() {
        for (int round = 0; round < 20; round++) {
            List<Job> jobs = management.createJobQuery().messages().withRetriesLeft().list();
            if (jobs.isEmpty()) {
                return;
            }
            jobs.forEach(job -> management.executeJob(job.getId()));
        }
        throw new AssertionError("asynchronous steps keep coming");
    }

    private CaseView caseOf(String cve) {
        List<CaseView> found = cases.list(new CaseQuery(null, null, null, null, null, cve), 0, 10).items();
        assertThat(found).as(cve).hasSize(1);
        return found.get(0);
    }

    private JsonNode get(String user, String path) throws Exception {
        ResponseEntity<String> response = http.withBasicAuth(user, "demo").getForEntity(path, String.class);
        assertThat(response.getStatusCode()).as(user + " " + path).isEqualTo(HttpStatus.OK);
        return json.readTree(response.getBody());
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    /** A month's fixed on time, fixed late, not counted and compliance, as text. */
    private static List<String> month(List<JsonNode> months, String month) {
        JsonNode m = months.stream().filter(n -> n.path("month").asText().equals(month)).findFirst().orElseThrow();
        return List.of(m.path("fixedOnTime").asText(), m.path("fixedLate").asText(), m.path("notCounted").asText(),
                m.path("compliancePercent").asText());
    }

    private static String value(List<CSVRecord> records, String section, String name, String measure) {
        return records.stream().filter(r -> r.get("section").equals(section) && r.get("name").equals(name)
                && r.get("measure").equals(measure)).map(r -> r.get("value")).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + section + "/" + name + "/" + measure));
    }
}
