package dev.fixline.ticketing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.fixline.ApplicationTest;
import dev.fixline.DefenderRows;
import dev.fixline.TestInfrastructure;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.remediation.CaseDispatcher;
import dev.fixline.remediation.CaseQuery;
import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.RemediationCases;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Fixline with Jira Cloud configured, against a WireMock Jira that speaks REST v3. Subclasses share one
 * Spring context and one WireMock server; each test works on cases of a registry of its own.
 */
@ApplicationTest
abstract class JiraCloudTestBase {

    static final String SECRET = "webhook-secret-for-tests";
    static final String BOT = "5b10ac8d82e05b22cc7d0001";
    static final String OWNER_ACCOUNT = "5b10ac8d82e05b22cc7d4ef5";
    static final WireMockServer JIRA = JiraTestDriver.startedJira();

    @DynamicPropertySource
    static void jira(DynamicPropertyRegistry registry) {
        registry.add("fixline.ticketing.jira.base-url", JIRA::baseUrl);
        registry.add("fixline.ticketing.jira.flavor", () -> "cloud");
        registry.add("fixline.ticketing.jira.email", () -> "fixline-bot@contoso.example");
        registry.add("fixline.ticketing.jira.api-token", () -> "api-token-for-tests");
        registry.add("fixline.ticketing.jira.read-timeout", () -> "PT1S");
        registry.add("fixline.ticketing.jira.max-retry-after-wait", () -> "PT2S");
        registry.add("fixline.ticketing.default-project", () -> "SEC");
        registry.add("fixline.ticketing.webhook-secret", () -> SECRET);
        registry.add("fixline.ticketing.unknown-recheck-delay", () -> "PT0S");
        registry.add("fixline.ticketing.reconcile.enabled", () -> "false");
        // Mails go out by SMTP, so that what a recipient gets can be read (HostileCorpusTest reads the headers).
        registry.add("spring.mail.host", () -> "localhost");
        registry.add("fixline.notification.digest.enabled", () -> "false"); // each case's own mails are read
        registry.add("spring.mail.port", () -> TestInfrastructure.smtp().getSmtp().getPort());
    }

    @Autowired SweepImporter importer;
    @Autowired CaseDispatcher dispatcher;
    @Autowired RemediationCases cases;
    @Autowired ManagementService management;
    @Autowired ObjectMapper json;
    @Autowired Tickets tickets;

    DefenderRows rows;

    @BeforeEach
    void freshJira() {
        JIRA.resetAll();
        rows = new DefenderRows(json, "j");
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/3/myself")).willReturn(okJson(
                "{\"accountId\":\"" + BOT + "\",\"displayName\":\"Fixline\",\"active\":true}")));
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/3/user/search")).willReturn(okJson("[{\"accountId\":\""
                + OWNER_ACCOUNT + "\",\"accountType\":\"atlassian\",\"emailAddress\":\"secops-triage@contoso.example\","
                + "\"displayName\":\"SecOps Triage\",\"active\":true}]")));
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/3/user")).willReturn(okJson("{\"accountId\":\"" + OWNER_ACCOUNT
                + "\",\"emailAddress\":\"secops-triage@contoso.example\",\"displayName\":\"SecOps Triage\"}")));
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/3/search/jql")).willReturn(okJson("{\"issues\":[],\"isLast\":true}")));
        JIRA.stubFor(post(urlPathMatching("/rest/api/3/issue/[A-Z]+-\\d+/comment")).willReturn(aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\":\"10500\"}")));
        JIRA.stubFor(get(urlPathMatching("/rest/api/3/issue/[A-Z]+-\\d+/comment")).willReturn(okJson(
                "{\"startAt\":0,\"maxResults\":100,\"total\":0,\"comments\":[]}")));
        JIRA.stubFor(put(urlPathMatching("/rest/api/3/issue/[A-Z]+-\\d+")).willReturn(aResponse().withStatus(204)));
    }

    /** A Jira issue as {@code GET /rest/api/3/issue/{key}} returns it. */
    static String issue(String id, String key, String status, String category, String resolution) {
        return "{\"id\":\"" + id + "\",\"key\":\"" + key + "\",\"self\":\"" + JIRA.baseUrl() + "/rest/api/3/issue/" + id
                + "\",\"fields\":{\"summary\":\"s\",\"status\":{\"name\":\"" + status + "\",\"statusCategory\":{\"key\":\""
                + category + "\"}},\"resolution\":" + (resolution == null ? "null" : "{\"name\":\"" + resolution + "\"}")
                + ",\"assignee\":{\"accountId\":\"" + OWNER_ACCOUNT + "\"},\"labels\":[\"fixline\"],"
                + "\"updated\":\"2026-11-20T10:12:47.824+0000\"}}";
    }

    static void stubIssue(String id, String key, String status, String category, String resolution) {
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/3/issue/" + key)).willReturn(okJson(
                issue(id, key, status, category, resolution))));
    }

    static void stubCreate(String id, String key) {
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"" + id + "\",\"key\":\"" + key
                        + "\",\"self\":\"" + JIRA.baseUrl() + "/rest/api/3/issue/" + id + "\"}")));
        stubIssue(id, key, "To Do", "new", null);
    }

    static void stubTransitions(String key) {
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/3/issue/" + key + "/transitions")).willReturn(okJson("""
                {"transitions":[
                  {"id":"21","name":"In Progress","to":{"name":"In Progress","statusCategory":{"key":"indeterminate"}}},
                  {"id":"31","name":"Done","to":{"name":"Done","statusCategory":{"key":"done"}}},
                  {"id":"41","name":"Reopen","to":{"name":"To Do","statusCategory":{"key":"new"}}}]}""")));
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/3/issue/" + key + "/transitions"))
                .willReturn(aResponse().withStatus(204)));
    }

    /** Imports one High finding in a registry of this test's own and starts its case. */
    CaseView openCase(String cve) throws IOException {
        sweep(rowA(cve));
        dispatcher.dispatch();
        return caseOf(cve);
    }

    /** A newer image of the repository, pushed two days ago, is clean of the finding: closed as fixed (rule 2). */
    void rescanFixed(String cve) throws IOException {
        Instant now = Instant.now();
        sweep(rowA(cve), rows.row("app/api", "sha256:" + "b".repeat(64), now.minusSeconds(2 * 86_400),
                now.minusSeconds(60), "CVE-2000-0001", "Low", rows.os(null), "libother", "1.0.0", "1.0.1"));
        dispatcher.dispatch();
    }

    /** The finding on a brand-new image of the repository, after its case was closed. */
    void regression(String cve) throws IOException {
        Instant now = Instant.now();
        sweep(rows.row("app/api", "sha256:" + "c".repeat(64), now.minusSeconds(3600), now.minusSeconds(30), cve,
                "High", rows.os(null), "libfoo", "1.0.0", "1.0.1"));
        dispatcher.dispatch();
    }

    CaseView caseOfState(String cve, dev.fixline.remediation.CaseState state) {
        List<CaseView> found = cases.list(new CaseQuery(state, null, null, null, null, cve), 0, 10).items().stream()
                .filter(c -> c.registryHost().equals(rows.registryHost())).toList();
        assertThat(found).as(cve + " " + state).hasSize(1);
        return found.get(0);
    }

    private ObjectNode rowA(String cve) {
        Instant now = Instant.now();
        return rows.row("app/api", "sha256:" + "a".repeat(64), now.minusSeconds(5 * 86_400),
                now.minusSeconds(4 * 86_400), cve, "High", rows.os(null), "libfoo", "1.0.0", "1.0.1");
    }

    private void sweep(ObjectNode... found) throws IOException {
        JiraTestDriver.sweep(importer, json, "jira-test", found);
    }

    CaseView caseOf(String cve) {
        List<CaseView> found = cases.list(new CaseQuery(null, null, null, null, null, cve), 0, 10).items().stream()
                .filter(c -> c.registryHost().equals(rows.registryHost())).toList();
        assertThat(found).as(cve).hasSize(1);
        return found.get(0);
    }

    /** Runs the case's asynchronous steps until none is left; failures stay on their jobs. */
    void runJobs(CaseView c) {
        for (int round = 0; round < 20; round++) {
            List<Job> jobs = JiraTestDriver.dueJobs(management, c.processInstanceId());
            if (jobs.isEmpty()) {
                return;
            }
            for (Job job : jobs) {
                runJob(job);
            }
        }
    }

    void runJob(Job job) {
        try {
            management.executeJob(job.getId());
        } catch (ProcessEngineException failed) {
            // recorded on the job: retried later, then an incident
        }
    }

    Job job(CaseView c, String activity) {
        return management.createJobQuery().processInstanceId(c.processInstanceId()).activityId(activity)
                .singleResult();
    }

    void fireTimer(CaseView c, String timer) {
        Job job = management.createJobQuery().processInstanceId(c.processInstanceId()).timers().activityId(timer)
                .singleResult();
        assertThat(job).as(timer).isNotNull();
        management.executeJob(job.getId());
    }
}
