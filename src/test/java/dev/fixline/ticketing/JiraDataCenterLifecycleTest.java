package dev.fixline.ticketing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.fixline.ApplicationTest;
import dev.fixline.DefenderRows;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.remediation.CaseDispatcher;
import dev.fixline.remediation.CaseQuery;
import dev.fixline.remediation.CaseState;
import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.RemediationCases;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same lifecycle on Jira Data Center: REST v2, wiki markup, a personal access token, users by name,
 * and a webhook that names people by user name and mail address.
 */
@ApplicationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JiraDataCenterLifecycleTest {

    static final String SECRET = "dc-webhook-secret";
    static final WireMockServer JIRA = JiraTestDriver.startedJira();

    @DynamicPropertySource
    static void jira(DynamicPropertyRegistry registry) {
        registry.add("fixline.ticketing.jira.base-url", JIRA::baseUrl);
        registry.add("fixline.ticketing.jira.flavor", () -> "data-center");
        registry.add("fixline.ticketing.jira.personal-access-token", () -> "dc-pat-for-tests");
        registry.add("fixline.ticketing.default-project", () -> "SEC");
        registry.add("fixline.ticketing.webhook-secret", () -> SECRET);
        registry.add("fixline.ticketing.reconcile.enabled", () -> "false");
    }

    @Autowired SweepImporter importer;
    @Autowired CaseDispatcher dispatcher;
    @Autowired RemediationCases cases;
    @Autowired ManagementService management;
    @Autowired ObjectMapper json;
    @Autowired Tickets tickets;
    @Autowired TestRestTemplate http;

    /** First: before any delivery has made Fixline ask Jira who Fixline itself is. */
    @Test
    @Order(1)
    void aDeliveryForATicketOfNoCaseIsAnsweredWithoutAnyRequestToJira() throws Exception {
        stubDataCenter();
        String other = """
                {"timestamp":1764000000000,"webhookEvent":"jira:issue_updated","issue_event_type_name":"issue_resolved",
                 "user":{"self":"https://jira.example.com/rest/api/2/user?username=mlee","name":"mlee",
                   "key":"JIRAUSER10240","emailAddress":"mlee@example.com","displayName":"Min Lee","active":true},
                 "issue":{"id":"29999","key":"OPS-999","fields":{"status":{"name":"Done","statusCategory":{"key":"done"}},
                   "resolution":{"name":"Fixed"},"assignee":{"name":"mlee"},"updated":"2026-11-27T10:00:00.000+0100"}},
                 "changelog":{"id":"88301","items":[{"field":"status","fieldtype":"jira","from":"1","fromString":"Open",
                   "to":"10001","toString":"Done"}]}}""";

        ResponseEntity<String> receipt = deliver(other);

        assertThat(receipt.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(receipt.getBody()).path("outcome").asText()).isEqualTo("UNKNOWN_TICKET");
        assertThat(json.readTree(receipt.getBody()).path("detail").asText())
                .isEqualTo("Ticket OPS-999 belongs to no Fixline case");
        assertThat(JIRA.getAllServeEvents()).as("not even who Fixline is").isEmpty();
    }

    @Test
    @Order(2)
    void aCaseLivesItsWholeLifeInADataCenterTicket() throws Exception {
        stubDataCenter();
        DefenderRows rows = new DefenderRows(json, "dc");
        Instant now = Instant.now();
        ObjectNode a = rows.row("app/api", "sha256:" + "a".repeat(64), now.minusSeconds(5 * 86_400),
                now.minusSeconds(4 * 86_400), "CVE-2023-4911", "High", rows.os(null), "glibc", "2.35-0ubuntu3.3",
                "2.35-0ubuntu3.4");
        sweep(a);
        dispatcher.dispatch();
        CaseView c = cases.list(new CaseQuery(null, null, null, null, null, "CVE-2023-4911"), 0, 10).items().stream()
                .filter(x -> x.registryHost().equals(rows.registryHost())).findFirst().orElseThrow();
        runJobs(c);

        // Created with wiki markup, the user's name and the personal access token.
        List<LoggedRequest> creates = JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/2/issue")));
        assertThat(creates).hasSize(1);
        JsonNode fields = json.readTree(creates.get(0).getBodyAsString()).path("fields");
        assertThat(fields.path("description").isTextual()).isTrue();
        assertThat(fields.path("description").asText()).contains("h3. Finding", "*Vulnerability:* CVE-2023-4911",
                "2.35-0ubuntu3.4");
        assertThat(fields.at("/assignee/name").asText()).isEqualTo("secops");
        assertThat(creates.get(0).getHeader("Authorization")).isEqualTo("Bearer dc-pat-for-tests");
        assertThat(tickets.linkOf(c.id()).orElseThrow().key()).isEqualTo("SEC-117");

        // The owner resolves it in Jira: the case waits for the rescan.
        String done = """
                {"timestamp":1764000000000,"webhookEvent":"jira:issue_updated","issue_event_type_name":"issue_resolved",
                 "user":{"name":"secops","key":"JIRAUSER10300","emailAddress":"secops-triage@contoso.example"},
                 "issue":{"id":"20117","key":"SEC-117","fields":{"status":{"name":"Done","statusCategory":{"key":"done"}},
                   "resolution":{"name":"Fixed"},"assignee":{"name":"secops","emailAddress":"secops-triage@contoso.example"},
                   "labels":["fixline"],"updated":"2026-11-27T10:00:00.000+0100"}},
                 "changelog":{"id":"88300","items":[{"field":"status","fieldtype":"jira","from":"1","fromString":"Open",
                   "to":"10001","toString":"Done"},{"field":"resolution","fieldtype":"jira","from":null,"to":"1","toString":"Fixed"}]}}""";
        ResponseEntity<String> receipt = deliver(done);
        assertThat(receipt.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(receipt.getBody()).path("outcome").asText()).isEqualTo("APPLIED");
        assertThat(cases.find(c.id()).orElseThrow().state()).isEqualTo(CaseState.AWAITING_VERIFICATION);
        assertThat(JIRA.findAll(getRequestedFor(urlPathEqualTo("/rest/api/2/user"))))
                .as("the payload names the person's mail address: no look-up").isEmpty();

        // A newer clean image confirms it: the evidence goes on the ticket, which is done already.
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/2/issue/SEC-117")).willReturn(okJson(issue("Done", "done"))));
        sweep(a, rows.row("app/api", "sha256:" + "b".repeat(64), now.minusSeconds(2 * 86_400), now.minusSeconds(60),
                "CVE-2000-0001", "Low", rows.os(null), "libother", "1.0.0", "1.0.1"));
        dispatcher.dispatch();
        runJobs(c);
        assertThat(cases.find(c.id()).orElseThrow().state()).isEqualTo(CaseState.CLOSED);
        List<LoggedRequest> comments = JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/2/issue/SEC-117/comment")));
        assertThat(comments).anySatisfy(r -> {
            JsonNode comment = readTree(r.getBodyAsString());
            assertThat(comment.path("body").isTextual()).as("wiki markup, not ADF").isTrue();
            assertThat(comment.path("body").asText()).contains("h3. Verified fixed by a rescan", "NEWER_IMAGE_CLEAN");
        });
    }

    /** Signed as Data Center 10 signs it; without a delivery id, as some versions send it. */
    private ResponseEntity<String> deliver(String payload) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        headers.add("X-Hub-Signature", WebhookSignature.sign(SECRET, body));
        return http.postForEntity("/api/webhooks/jira", new HttpEntity<>(body, headers), String.class);
    }

    private JsonNode readTree(String body) {
        try {
            return json.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String issue(String status, String category) {
        return "{\"id\":\"20117\",\"key\":\"SEC-117\",\"fields\":{\"summary\":\"s\",\"status\":{\"name\":\"" + status
                + "\",\"statusCategory\":{\"key\":\"" + category + "\"}},\"resolution\":null,\"assignee\":{\"name\":"
                + "\"secops\"},\"labels\":[\"fixline\"],\"updated\":\"2026-11-27T09:00:00.000+0100\"}}";
    }

    private void stubDataCenter() {
        JIRA.resetAll();
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/2/myself")).willReturn(okJson("{\"name\":\"fixline-bot\"}")));
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/2/user/search")).withQueryParam("username",
                equalTo("secops-triage@contoso.example")).willReturn(okJson("[{\"name\":\"secops\",\"key\":"
                + "\"JIRAUSER10300\",\"emailAddress\":\"secops-triage@contoso.example\",\"active\":true}]")));
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/2/user")).willReturn(okJson("{\"name\":\"secops\","
                + "\"emailAddress\":\"secops-triage@contoso.example\"}")));
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/2/search")).willReturn(okJson(
                "{\"startAt\":0,\"maxResults\":100,\"total\":0,\"issues\":[]}")));
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/2/issue")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"20117\",\"key\":\"SEC-117\",\"self\":\"" + JIRA.baseUrl() + "/rest/api/2/issue/20117\"}")));
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/2/issue/SEC-117")).willReturn(okJson(issue("Open", "new"))));
        JIRA.stubFor(post(urlPathMatching("/rest/api/2/issue/SEC-117/comment")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"1\"}")));
        JIRA.stubFor(get(urlPathMatching("/rest/api/2/issue/SEC-117/comment")).willReturn(okJson(
                "{\"startAt\":0,\"maxResults\":100,\"total\":0,\"comments\":[]}")));
        JIRA.stubFor(put(urlPathEqualTo("/rest/api/2/issue/SEC-117")).willReturn(aResponse().withStatus(204)));
    }

    private void sweep(ObjectNode... found) throws java.io.IOException {
        JiraTestDriver.sweep(importer, json, "dc-test", found);
    }

    private void runJobs(CaseView c) {
        for (int round = 0; round < 20; round++) {
            // A failing step fails the test: on Data Center every step is expected to succeed.
            List<Job> jobs = JiraTestDriver.dueJobs(management, c.processInstanceId());
            if (jobs.isEmpty()) {
                return;
            }
            jobs.forEach(job -> management.executeJob(job.getId()));
        }
    }
}
