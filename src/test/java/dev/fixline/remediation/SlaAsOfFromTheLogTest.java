package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.ApplicationTest;
import dev.fixline.DefenderRows;
import dev.fixline.JobRunner;
import dev.fixline.MutableClock;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.ownership.OwnershipRules;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * "Was the case within SLA on that day?" answered from the log over a scripted history run through the real
 * application on a clock of the test's own: two High cases opened on 2 March (30 days), the SLA policy
 * tightened to 14 days on 12 March (the unowned queue's {@code sla} in the ownership rules), both breached on 16 March, an exception paused one of them from 19 to
 * 29 March and its due date moved by those ten days. {@code GET /api/reports/sla?asOf=} tells each day as it
 * stood, which today's state (the dates as they are now) cannot.
 */
@ApplicationTest
@DirtiesContext
@Import(SlaAsOfFromTheLogTest.Clocks.class)
class SlaAsOfFromTheLogTest {

    static final Instant OPENED = Instant.parse("2026-03-02T06:00:00Z");

    /** A copy of the sample rules, so that this test can tighten the unowned queue's SLA. */
    static final Path RULES;

    static {
        try {
            RULES = Files.createTempDirectory("fixline-as-of").resolve("ownership.yml");
            Files.copy(Path.of("samples/ownership.yml"), RULES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void rules(DynamicPropertyRegistry registry) {
        registry.add("fixline.ownership.file", RULES::toString);
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MutableClock clock() {
            return new MutableClock();
        }
    }

    @Autowired MutableClock clock;
    @Autowired TestRestTemplate http;
    @Autowired ObjectMapper json;
    @Autowired SweepImporter importer;
    @Autowired CaseDispatcher dispatcher;
    @Autowired RemediationCases cases;
    @Autowired ManagementService management;
    @Autowired JdbcTemplate jdbc;
    @Autowired OwnershipRules ownership;
    @Autowired SlaPolicyWatch policyWatch;

    @AfterEach
    void clockBack() {
        clock.reset();
    }

    @Test
    void eachDayIsToldAsItStoodNotAsItIsToday() throws Exception {
        clock.set(OPENED);
        DefenderRows rows = new DefenderRows(json, "as-of");
        ObjectNode paused = rows.row("app/api", "sha256:" + "c".repeat(64), OPENED.minus(Duration.ofDays(1)), OPENED,
                "CVE-2026-3101", "High", rows.os("12"), "libpause", "1.0.0", "1.0.1");
        ObjectNode tightened = rows.row("app/api", "sha256:" + "c".repeat(64), OPENED.minus(Duration.ofDays(1)), OPENED,
                "CVE-2026-3102", "High", rows.os("12"), "libtight", "2.0.0", "2.0.1");
        var body = json.createObjectNode();
        body.putArray("data").add(paused).add(tightened);
        body.put("totalRecords", 2).put("count", 2).put("resultTruncated", "false");
        importer.importArgExport("as-of", new ByteArrayInputStream(json.writeValueAsBytes(body)));
        dispatcher.dispatch();
        CaseView a = only("CVE-2026-3101");
        CaseView b = only("CVE-2026-3102");
        List<String> instances = List.of(a.processInstanceId(), b.processInstanceId());
        JobRunner jobs = new JobRunner(jdbc, management, clock);
        jobs.runDue(instances);
        Instant firstDue = cases.find(a.id()).orElseThrow().dueAt();
        Instant detected = cases.find(a.id()).orElseThrow().firstDetectedAt();
        assertThat(firstDue).isEqualTo(detected.plus(Duration.ofDays(30)));

        // 12 March: the policy gives High 14 days; both due dates move earlier.
        jobs.advance(OPENED.plus(Duration.ofDays(10)), Duration.ofHours(6), () -> { }, () -> { }, instances);
        Files.writeString(RULES, Files.readString(RULES).replace("fallback:\n", "fallback:\n  sla: {HIGH: 14}\n"));
        assertThat(ownership.reload()).isTrue();
        policyWatch.check();
        dispatcher.dispatch();
        jobs.runDue(instances);
        Instant tightDue = detected.plus(Duration.ofDays(14));
        assertThat(cases.find(b.id()).orElseThrow().dueAt()).isEqualTo(tightDue);

        // Past the due date both breach; on 19 March an exception stops A's clock until 29 March.
        jobs.advance(OPENED.plus(Duration.ofDays(17)), Duration.ofHours(6), () -> { }, () -> { }, instances);
        cases.requestException(a.id(), a.owner(), new CaseExceptions.Request("Base image rebuilt next sprint",
                "WAF rule blocks the exploit path", OPENED.plus(Duration.ofDays(27))));
        jobs.runDue(instances);
        cases.decideException(a.id(), "manager", false, true, "Compensated by the WAF rule");
        jobs.runDue(instances);
        jobs.advance(OPENED.plus(Duration.ofDays(30)), Duration.ofHours(6), () -> { }, () -> { }, instances);
        Instant resumedDue = cases.find(a.id()).orElseThrow().dueAt();
        assertThat(resumedDue).as("moved by the pause").isAfter(tightDue.plus(Duration.ofDays(9)));

        // 2 April: the image rebuilt two days before no longer shows B's CVE: B is closed as fixed, 17 days late.
        Instant rebuilt = OPENED.plus(Duration.ofDays(31));
        clock.set(rebuilt);
        ObjectNode stillThere = rows.row("app/api", "sha256:" + "d".repeat(64), rebuilt.minus(Duration.ofDays(2)),
                rebuilt, "CVE-2026-3101", "High", rows.os("12"), "libpause", "1.0.0", "1.0.1");
        var rescan = json.createObjectNode();
        rescan.putArray("data").add(stillThere);
        rescan.put("totalRecords", 1).put("count", 1).put("resultTruncated", "false");
        importer.importArgExport("as-of", new ByteArrayInputStream(json.writeValueAsBytes(rescan)));
        dispatcher.dispatch();
        jobs.runDue(instances);
        assertThat(cases.find(b.id()).orElseThrow().state()).isEqualTo(CaseState.CLOSED);

        JsonNode openingDay = standing("2026-03-02", null);
        JsonNode beforeTightening = standing("2026-03-11", null);
        JsonNode afterTightening = standing("2026-03-12", null);
        JsonNode breached = standing("2026-03-18", null);
        JsonNode duringPause = standing("2026-03-20", null);
        JsonNode afterPause = standing(OPENED.plus(Duration.ofDays(30)).toString().substring(0, 10), null);

        assertThat(caseOf(openingDay, a).path("standing").asText()).isEqualTo("OPEN_WITHIN_SLA");
        assertThat(caseOf(beforeTightening, b).path("dueAt").asText()).as("the due date then, not today's")
                .isEqualTo(firstDue.toString());
        assertThat(caseOf(afterTightening, b).path("dueAt").asText()).isEqualTo(tightDue.toString());
        assertThat(caseOf(afterTightening, b).path("withinSla").asBoolean()).isTrue();
        assertThat(breached.path("openOverdue").asLong()).isEqualTo(2);
        assertThat(breached.path("breachesRecorded").asLong()).isEqualTo(2);
        assertThat(caseOf(breached, a).path("withinSla").asBoolean()).isFalse();
        assertThat(caseOf(duringPause, a).path("standing").asText()).isEqualTo("OPEN_PAUSED");
        assertThat(caseOf(duringPause, a).path("breachedAt").isTextual()).as("the earlier breach stays told").isTrue();
        assertThat(caseOf(duringPause, b).path("standing").asText()).isEqualTo("OPEN_OVERDUE");
        assertThat(duringPause.path("openPaused").asLong()).isOne();
        assertThat(caseOf(afterPause, a).path("dueAt").asText()).isEqualTo(resumedDue.toString());
        assertThat(caseOf(afterPause, a).path("pausedAt").isNull()).isTrue();

        JsonNode afterFix = standing("2026-04-02", null);
        assertThat(caseOf(afterFix, b).path("standing").asText()).isEqualTo("FIXED_LATE");
        assertThat(afterFix.path("fixedLate").asLong()).isOne();
        assertThat(afterFix.path("compliancePercent").asDouble()).isZero();
        assertThat(afterFix.at("/timeToRemediate/1/severity").asText()).isEqualTo("HIGH");
        assertThat(afterFix.at("/timeToRemediate/1/fixed").asLong()).isOne();
        assertThat(caseOf(duringPause, b).path("standing").asText()).as("not yet fixed then").isEqualTo("OPEN_OVERDUE");

        // Filters: the team and severity as they stood; one case; CSV.
        assertThat(standing("2026-03-18", "&team=security&severity=high").path("open").asLong()).isEqualTo(2);
        assertThat(standing("2026-03-18", "&team=payments").path("open").asLong()).isZero();
        assertThat(standing("2026-03-18", "&severity=critical").path("open").asLong()).isZero();
        JsonNode one = standing("2026-03-20", "&case=" + b.id());
        assertThat(one.path("cases").size()).isOne();
        assertThat(one.path("cases").get(0).path("withinSla").asBoolean()).isFalse();
        HttpHeaders csv = new HttpHeaders();
        csv.set(HttpHeaders.ACCEPT, "text/csv");
        ResponseEntity<String> table = http.withBasicAuth("auditor", "demo").exchange(
                "/api/reports/sla?asOf=2026-03-20", HttpMethod.GET, new HttpEntity<>(csv), String.class);
        assertThat(table.getBody()).contains("figures,,open,2").contains("figures,,open with the SLA paused,1")
                .contains("case," + a.id() + ",standing,OPEN_PAUSED");

        ResponseEntity<String> future = http.withBasicAuth("auditor", "demo")
                .getForEntity("/api/reports/sla?asOf=2099-01-01", String.class);
        assertThat(future.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(future.getBody()).path("detail").asText()).contains("is after today");
    }

    private CaseView only(String cve) {
        List<CaseView> found = cases.list(new CaseQuery(null, null, null, null, null, cve), 0, 10).items();
        assertThat(found).as(cve).hasSize(1);
        return found.get(0);
    }

    private JsonNode standing(String day, String more) throws Exception {
        ResponseEntity<String> answer = http.withBasicAuth("auditor", "demo")
                .getForEntity("/api/reports/sla?asOf=" + day + (more == null ? "" : more), String.class);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(answer.getBody());
    }

    private static JsonNode caseOf(JsonNode standing, CaseView c) {
        for (JsonNode s : standing.path("cases")) {
            if (s.path("caseId").asText().equals(c.id())) {
                return s;
            }
        }
        throw new AssertionError("case " + c.id() + " is not in " + standing);
    }
}
