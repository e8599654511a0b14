package dev.fixline.ticketing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.remediation.RemediationProcess.Activity;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fixline.audit.AuditEvent;
import dev.fixline.remediation.CaseState;
import dev.fixline.remediation.CaseView;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Jira's webhook: only signed deliveries count, each once, and Fixline's own changes are not echoed. */
class JiraWebhookTest extends JiraCloudTestBase {

    @Autowired TestRestTemplate http;
    @Autowired TaskService taskService;

    private CaseView openWithTicket(String cve, String id, String key) throws Exception {
        stubCreate(id, key);
        stubTransitions(key);
        CaseView c = openCase(cve);
        runJobs(c);
        assertThat(tickets.linkOf(c.id()).orElseThrow().key()).isEqualTo(key);
        return cases.find(c.id()).orElseThrow();
    }

    /** An issue_updated payload as Jira Cloud sends it. */
    private static String updated(String id, String key, String actor, String status, String category,
                                  String resolution, String changelog) {
        return "{\"timestamp\":1764000000000,\"webhookEvent\":\"jira:issue_updated\",\"issue_event_type_name\":"
                + "\"issue_generic\",\"user\":{\"accountId\":\"" + actor + "\",\"displayName\":\"Someone\"},"
                + "\"issue\":{\"id\":\"" + id + "\",\"key\":\"" + key + "\",\"fields\":{\"status\":{\"name\":\""
                + status + "\",\"statusCategory\":{\"key\":\"" + category + "\"}},\"resolution\":"
                + (resolution == null ? "null" : "{\"name\":\"" + resolution + "\"}") + ",\"assignee\":{\"accountId\":\""
                + OWNER_ACCOUNT + "\"},\"labels\":[\"fixline\"],\"updated\":\"2026-11-27T10:12:47.824+0000\"}},"
                + "\"changelog\":{\"id\":\"10100\",\"items\":[" + changelog + "]}}";
    }

    private static String statusToDone(String resolution) {
        return "{\"field\":\"status\",\"fieldtype\":\"jira\",\"fieldId\":\"status\",\"from\":\"3\",\"fromString\":"
                + "\"In Progress\",\"to\":\"10001\",\"toString\":\"Done\"},{\"field\":\"resolution\",\"fieldtype\":"
                + "\"jira\",\"from\":null,\"fromString\":null,\"to\":\"10000\",\"toString\":\"" + resolution + "\"}";
    }

    /** A reassignment as Jira Cloud sends it: the changelog names both accounts, the issue the new assignee. */
    private static String reassigned(String id, String key, String actor, String to) {
        return updated(id, key, actor, "To Do", "new", null,
                "{\"field\":\"assignee\",\"fieldtype\":\"jira\",\"fieldId\":\"assignee\",\"from\":\"" + OWNER_ACCOUNT
                        + "\",\"fromString\":\"SecOps\",\"to\":\"" + to + "\",\"toString\":\"Someone else\"}")
                .replace("\"assignee\":{\"accountId\":\"" + OWNER_ACCOUNT + "\"}", "\"assignee\":{\"accountId\":\""
                        + to + "\"}");
    }

    /** Jira Cloud's answer to {@code GET /user} for an account that no longer exists (or is not visible). */
    private static void stubUserNotFound(String accountId) {
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/3/user")).withQueryParam("accountId", equalTo(accountId))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json").withBody(
                        "{\"errorMessages\":[\"Specified user does not exist or you do not have required permissions\"],"
                                + "\"errors\":{}}")));
    }

    /**
     * Every request the webhook itself can make: who Fixline is, and a user's mail address. (Not "all
     * requests": a delayed answer of another test of the shared WireMock may still land.)
     */
    private static java.util.List<LoggedRequest> webhookLookUps() {
        return java.util.stream.Stream.of("/rest/api/3/myself", "/rest/api/3/user")
                .flatMap(path -> JIRA.findAll(getRequestedFor(urlPathEqualTo(path))).stream()).toList();
    }

    private ResponseEntity<String> deliver(String body, String deliveryId, String signature) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (signature != null) {
            headers.add("X-Hub-Signature", signature);
        }
        headers.add("X-Atlassian-Webhook-Identifier", deliveryId);
        return http.postForEntity("/api/webhooks/jira", new HttpEntity<>(body.getBytes(StandardCharsets.UTF_8),
                headers), String.class);
    }

    private ResponseEntity<String> deliverSigned(String body, String deliveryId) {
        return deliver(body, deliveryId, WebhookSignature.sign(SECRET, body.getBytes(StandardCharsets.UTF_8)));
    }

    private String outcome(ResponseEntity<String> response) throws Exception {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(response.getBody()).path("outcome").asText();
    }

    @Test
    void anUnsignedOrWronglySignedDeliveryIsRefusedAndChangesNothing() throws Exception {
        CaseView c = openWithTicket("CVE-2024-5001", "10101", "SEC-101");
        String body = updated("10101", "SEC-101", "person-1", "Done", "done", "Done", statusToDone("Done"));

        ResponseEntity<String> unsigned = deliver(body, "d-1", null);
        ResponseEntity<String> wrong = deliver(body, "d-2", WebhookSignature.sign("not-the-secret",
                body.getBytes(StandardCharsets.UTF_8)));
        ResponseEntity<String> tampered = deliver(body.replace("Done", "Closed"), "d-3",
                WebhookSignature.sign(SECRET, body.getBytes(StandardCharsets.UTF_8)));

        for (ResponseEntity<String> r : java.util.List.of(unsigned, wrong, tampered)) {
            assertThat(r.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(r.getHeaders().getContentType().toString()).contains("problem+json");
        }
        assertThat(json.readTree(unsigned.getBody()).path("detail").asText()).contains("X-Hub-Signature");
        assertThat(cases.find(c.id()).orElseThrow().state()).isEqualTo(CaseState.OPEN);
    }

    @Test
    void aPersonMovingTheTicketToDoneIsTheOwnersFixedOnceHowEverOftenJiraDeliversIt() throws Exception {
        CaseView c = openWithTicket("CVE-2024-5002", "10102", "SEC-102");
        String body = updated("10102", "SEC-102", OWNER_ACCOUNT, "Done", "done", "Done", statusToDone("Done"));

        assertThat(outcome(deliverSigned(body, "delivery-5002"))).isEqualTo("APPLIED");
        assertThat(outcome(deliverSigned(body, "delivery-5002"))).as("a retried delivery").isEqualTo("DUPLICATE");

        CaseView after = cases.find(c.id()).orElseThrow();
        assertThat(after.state()).as("waits for the rescan, not closed").isEqualTo(CaseState.AWAITING_VERIFICATION);
        assertThat(cases.timeline(c.id()).orElseThrow()).filteredOn(e -> e.type().equals("MARKED_FIXED"))
                .singleElement().extracting(AuditEvent::actor).isEqualTo("secops-triage");
        assertThat(cases.timeline(c.id()).orElseThrow()).extracting(AuditEvent::type).contains("TICKET_RESOLVED");

        // The rescan confirms it: the ticket is done already, so the evidence comes as a comment.
        stubIssue("10102", "SEC-102", "Done", "done", "Done");
        rescanFixed("CVE-2024-5002");
        runJobs(c);
        assertThat(cases.find(c.id()).orElseThrow().state()).isEqualTo(CaseState.CLOSED);
        assertThat(JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/SEC-102/transitions")))).isEmpty();
        assertThat(JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/SEC-102/comment"))))
                .anySatisfy(r -> assertThat(r.getBodyAsString()).contains("Verified fixed by a rescan"));
    }

    @Test
    void fixlinesOwnChangesAreNotEchoedBack() throws Exception {
        CaseView c = openWithTicket("CVE-2024-5003", "10103", "SEC-103");
        String body = updated("10103", "SEC-103", BOT, "Done", "done", "Done", statusToDone("Done"));

        assertThat(outcome(deliverSigned(body, "delivery-5003"))).isEqualTo("OWN_CHANGE");
        assertThat(cases.find(c.id()).orElseThrow().state()).isEqualTo(CaseState.OPEN);
        assertThat(JIRA.findAll(getRequestedFor(urlPathEqualTo("/rest/api/3/user")))).as("the payload says who it is")
                .isEmpty();
    }

    @Test
    void aNewAssigneeIsTheNewOwner() throws Exception {
        CaseView c = openWithTicket("CVE-2024-5004", "10104", "SEC-104");
        String frank = "5b10ac8d82e05b22cc7d9999";
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/3/user"))
                .withQueryParam("accountId", equalTo(frank))
                .willReturn(okJson("{\"accountId\":\"" + frank
                        + "\",\"emailAddress\":\"frank@contoso.example\",\"displayName\":\"Frank\"}")));
        String body = reassigned("10104", "SEC-104", OWNER_ACCOUNT, frank);

        assertThat(outcome(deliverSigned(body, "delivery-5004"))).isEqualTo("APPLIED");

        assertThat(cases.find(c.id()).orElseThrow().owner()).isEqualTo("frank");
        Task task = taskService.createTaskQuery().processInstanceId(c.processInstanceId())
                .taskDefinitionKey(Activity.REMEDIATE.id()).singleResult();
        assertThat(task.getAssignee()).isEqualTo("frank");
        assertThat(cases.timeline(c.id()).orElseThrow()).filteredOn(e -> e.type().equals("OWNER_CHANGED"))
                .singleElement().extracting(AuditEvent::summary).asString().contains("secops-triage", "frank");
    }

    @Test
    void aWontDoResolutionAsksTheManagerWhoseRefusalReopensTheTicket() throws Exception {
        CaseView c = openWithTicket("CVE-2024-5005", "10105", "SEC-105");
        String body = updated("10105", "SEC-105", OWNER_ACCOUNT, "Won't Do", "done", "Won't Do",
                statusToDone("Won't Do"));

        assertThat(outcome(deliverSigned(body, "delivery-5005"))).isEqualTo("APPLIED");
        runJobs(c);
        Task decide = taskService.createTaskQuery().processInstanceId(c.processInstanceId())
                .taskDefinitionKey(Activity.DECIDE_EXCEPTION.id()).singleResult();
        assertThat(taskService.getIdentityLinksForTask(decide.getId())).as("offered to the case's manager")
                .anyMatch(l -> "manager".equals(l.getUserId()));
        assertThat(cases.find(c.id()).orElseThrow().state()).as("not the owner's fixed").isEqualTo(CaseState.OPEN);
        assertThat(cases.find(c.id()).orElseThrow().exception()).satisfies(e -> {
            assertThat(e.source()).isEqualTo("ticket");
            assertThat(e.reason()).startsWith("Ticket resolved as 'Won't Do' by ");
        });
        ResponseEntity<String> owner = http.withBasicAuth("owner", "demo").postForEntity(
                "/api/cases/" + c.id() + "/exception-decision", json("{\"approved\":true,\"reason\":\"x\"}"),
                String.class);
        assertThat(owner.getStatusCode()).as("the manager decides").isEqualTo(HttpStatus.FORBIDDEN);

        ResponseEntity<String> refused = http.withBasicAuth("manager", "demo").postForEntity(
                "/api/cases/" + c.id() + "/exception-decision", json(
                        "{\"approved\":false,\"reason\":\"Internet-facing; upgrade libfoo\"}"), String.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        stubIssue("10105", "SEC-105", "Won't Do", "done", "Won't Do");
        runJobs(c);

        JsonNode reopen = json.readTree(JIRA.findAll(postRequestedFor(urlPathEqualTo(
                "/rest/api/3/issue/SEC-105/transitions"))).get(0).getBodyAsString());
        assertThat(reopen.at("/transition/id").asText()).isEqualTo("41");
        assertThat(reopen.path("update").toString()).contains("Exception refused", "Internet-facing; upgrade libfoo");
        assertThat(cases.timeline(c.id()).orElseThrow()).extracting(AuditEvent::type)
                .contains("EXCEPTION_REQUESTED", "EXCEPTION_REFUSED");

        ResponseEntity<String> again = http.withBasicAuth("manager", "demo").postForEntity(
                "/api/cases/" + c.id() + "/exception-decision", json("{\"approved\":true,\"reason\":\"x\"}"),
                String.class);
        assertThat(again.getStatusCode()).as("nothing waits for a decision now").isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void aDecisionWithoutReasonIsRefusedByName() throws Exception {
        ResponseEntity<String> r = http.withBasicAuth("manager", "demo").postForEntity(
                "/api/cases/any/exception-decision", json("{\"approved\":true}"), String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(r.getBody()).path("parameter").asText()).isEqualTo("reason");
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() throws Exception {
        String body = "{\"pad\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
        ResponseEntity<String> r = deliverSigned(body, "delivery-huge");
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
        assertThat(json.readTree(r.getBody()).path("detail").asText()).contains("10 MB");
    }

    /** Values the delivery table cannot keep are a 400 naming them, never a 500. */
    @Test
    void anOverlongDeliveryIdOrIssueIdIsRefusedByName() throws Exception {
        String body = updated("10199", "SEC-199", "person-1", "Done", "done", "Done", statusToDone("Done"));
        ResponseEntity<String> longDelivery = deliverSigned(body, "d".repeat(201));
        assertThat(longDelivery.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(longDelivery.getBody()).path("detail").asText())
                .contains("X-Atlassian-Webhook-Identifier is longer than 200 characters (201)");

        String longIssue = updated("1".repeat(65), "SEC-199", "person-1", "Done", "done", "Done", statusToDone("Done"));
        ResponseEntity<String> r = deliverSigned(longIssue, "delivery-long-issue");
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(r.getBody()).path("detail").asText()).contains("issue id is longer than 64");
    }

    @Test
    void aTicketOfNoCaseIsAcknowledgedWithoutAskingJiraAnything() throws Exception {
        String body = updated("99999", "OTHER-1", "712020:8b0e6f52-3c1d-4f7a-9e2b-5a4c3d2e1f00", "Done", "done",
                "Done", statusToDone("Done"));
        JIRA.resetRequests();

        ResponseEntity<String> r = deliverSigned(body, "delivery-other");

        assertThat(outcome(r)).isEqualTo("UNKNOWN_TICKET");
        assertThat(json.readTree(r.getBody()).path("detail").asText()).isEqualTo("Ticket OTHER-1 belongs to no Fixline case");
        assertThat(webhookLookUps()).as("no request reached Jira").isEmpty();
    }

    @Test
    void aChangeThatNeedsNoPersonDoesNotAskJiraWhoMadeIt() throws Exception {
        CaseView c = openWithTicket("CVE-2024-5007", "10107", "SEC-107");
        String body = updated("10107", "SEC-107", "712020:1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "In Progress",
                "indeterminate", null, "{\"field\":\"status\",\"fieldtype\":\"jira\",\"fieldId\":\"status\","
                        + "\"from\":\"10000\",\"fromString\":\"To Do\",\"to\":\"3\",\"toString\":\"In Progress\"}");
        JIRA.resetRequests();

        ResponseEntity<String> r = deliverSigned(body, "delivery-5007");

        assertThat(outcome(r)).isEqualTo("APPLIED");
        assertThat(json.readTree(r.getBody()).path("detail").asText()).isEqualTo("Nothing for the case to do");
        assertThat(webhookLookUps()).isEmpty();
        assertThat(tickets.linkOf(c.id()).orElseThrow().statusName()).isEqualTo("In Progress");
    }

    @Test
    void aPersonJiraCannotFindIsRecordedByAccountAndTheDeliveryIsNotFailed() throws Exception {
        CaseView c = openWithTicket("CVE-2024-5008", "10108", "SEC-108");
        String gone = "712020:0c9b8a7f-6e5d-4c3b-a2f1-e0d9c8b7a6f5";
        stubUserNotFound(gone);
        String body = updated("10108", "SEC-108", gone, "Done", "done", "Done", statusToDone("Done"));

        assertThat(outcome(deliverSigned(body, "delivery-5008"))).isEqualTo("APPLIED");
        assertThat(outcome(deliverSigned(body, "delivery-5008"))).as("Jira's retry").isEqualTo("DUPLICATE");

        assertThat(cases.find(c.id()).orElseThrow().state()).isEqualTo(CaseState.AWAITING_VERIFICATION);
        assertThat(cases.timeline(c.id()).orElseThrow()).filteredOn(e -> e.type().equals("TICKET_RESOLVED"))
                .singleElement().satisfies(e -> {
                    assertThat(e.actor()).isEqualTo(gone);
                    assertThat(e.summary()).endsWith("by " + gone);
                });
    }

    @Test
    void anAssigneeJiraCannotFindLeavesTheOwnerAndTheDeliverySucceeds() throws Exception {
        CaseView c = openWithTicket("CVE-2024-5009", "10109", "SEC-109");
        String gone = "712020:3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7";
        stubUserNotFound(gone);

        ResponseEntity<String> r = deliverSigned(reassigned("10109", "SEC-109", OWNER_ACCOUNT, gone), "delivery-5009");

        assertThat(outcome(r)).isEqualTo("APPLIED");
        assertThat(json.readTree(r.getBody()).path("detail").asText())
                .isEqualTo("Jira shows no mail address for assignee " + gone + "; the owner stays");
        assertThat(cases.find(c.id()).orElseThrow().owner()).isEqualTo("secops-triage");
        assertThat(tickets.linkOf(c.id()).orElseThrow().assignee()).as("as Jira shows it now").isEqualTo(gone);
    }

    @Test
    void aJiraOutageDuringANeededLookUpFailsTheDeliveryForJiraToRetry() throws Exception {
        CaseView c = openWithTicket("CVE-2024-5010", "10110", "SEC-110");
        String person = "712020:5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/3/user")).withQueryParam("accountId", equalTo(person))
                .willReturn(aResponse().withStatus(503)));
        String body = updated("10110", "SEC-110", person, "Done", "done", "Done", statusToDone("Done"));

        ResponseEntity<String> failed = deliverSigned(body, "delivery-5010");
        assertThat(failed.getStatusCode().is5xxServerError()).as(failed.getBody()).isTrue();
        assertThat(json.readTree(failed.getBody()).path("detail").asText()).contains("get user " + person, "503");
        assertThat(cases.find(c.id()).orElseThrow().state()).as("nothing applied").isEqualTo(CaseState.OPEN);

        JIRA.stubFor(get(urlPathEqualTo("/rest/api/3/user")).withQueryParam("accountId", equalTo(person))
                .willReturn(okJson("{\"accountId\":\"" + person + "\",\"emailAddress\":\"devops-oncall@contoso.example\","
                        + "\"displayName\":\"DevOps on call\",\"active\":true}")));
        assertThat(outcome(deliverSigned(body, "delivery-5010"))).as("Jira's retry is applied").isEqualTo("APPLIED");
        assertThat(cases.timeline(c.id()).orElseThrow()).filteredOn(e -> e.type().equals("TICKET_RESOLVED"))
                .singleElement().extracting(AuditEvent::actor).isEqualTo("devops-oncall");
    }

    /** Events of Jira's that are not about an issue: answered 200, so that Jira does not send them again. */
    @Test
    void anEventWithoutAnIssueIsAnsweredIgnoredWithItsReason() throws Exception {
        String version = """
                {"timestamp":1732615465165,"webhookEvent":"jira:version_created",
                 "version":{"self":"https://contoso.atlassian.net/rest/api/2/version/65456","id":"65456",
                   "description":"This is the description","name":"v1","archived":false,"released":false,
                   "startDate":"2024-11-26","releaseDate":"2024-11-30","overdue":false,
                   "userStartDate":"26/Nov/24","userReleaseDate":"30/Nov/24","projectId":12345}}""";
        JIRA.resetRequests();

        ResponseEntity<String> r = deliverSigned(version, "delivery-version");
        ResponseEntity<String> empty = deliverSigned("{}", "delivery-empty");

        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode receipt = json.readTree(r.getBody());
        assertThat(receipt.path("outcome").asText()).isEqualTo("IGNORED");
        assertThat(receipt.path("detail").asText())
                .isEqualTo("Event jira:version_created carries no issue, so it concerns no Fixline ticket");
        assertThat(outcome(empty)).isEqualTo("IGNORED");
        assertThat(json.readTree(empty.getBody()).path("detail").asText())
                .isEqualTo("The delivery names no webhookEvent and carries no issue, so it concerns no Fixline ticket");
        for (ResponseEntity<String> answer : java.util.List.of(r, empty)) {
            assertThat(answer.getBody()).doesNotContainIgnoringCase("null");
        }
        assertThat(webhookLookUps()).isEmpty();
    }

    @Autowired TicketReconciler reconciler;

    @Test
    void reconciliationCatchesAChangeWhoseWebhookNeverCame() throws Exception {
        CaseView c = openWithTicket("CVE-2024-5006", "10106", "SEC-106");
        JIRA.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/rest/api/3/search/jql"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.jql",
                        com.github.tomakehurst.wiremock.client.WireMock.containing("updated >=")))
                .willReturn(okJson("{\"issues\":["
                        + issue("10106", "SEC-106", "Done", "done", "Done") + "],\"isLast\":true}")));

        assertThat(reconciler.reconcile()).isEqualTo(1);
        assertThat(cases.find(c.id()).orElseThrow().state()).isEqualTo(CaseState.AWAITING_VERIFICATION);
        assertThat(reconciler.reconcile()).as("the same change is not applied twice").isZero();
    }

    @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

    /**
     * Where the last search started is the cluster's, kept in the database: a node that restarts (or
     * another node) reaches back to it, not just one interval, so a change made while every node was
     * down for hours is still found.
     */
    @Test
    void reconciliationReachesBackToTheClustersLastSearchAfterARestart() throws Exception {
        jdbc.update("DELETE FROM fixline_setting WHERE setting_name = ?", TicketReconciler.LAST_SEARCH);
        jdbc.update("INSERT INTO fixline_setting (setting_name, setting_value, updated_at) VALUES (?,?,?)",
                TicketReconciler.LAST_SEARCH, Instant.now().minus(Duration.ofHours(5)).toString(),
                java.time.OffsetDateTime.now());
        JIRA.resetRequests();

        reconciler.reconcile(); // as a node that has just started: nothing of its own in memory

        assertThat(lastReconcileWindowMinutes()).as("five hours since the last search, plus the two hours' overlap")
                .isBetween(420L, 425L);
        Instant stored = Instant.parse(jdbc.queryForObject("SELECT setting_value FROM fixline_setting WHERE setting_name = ?",
                String.class, TicketReconciler.LAST_SEARCH));
        assertThat(stored).as("the next search starts here").isAfter(Instant.now().minus(Duration.ofMinutes(1)));

        JIRA.resetRequests();
        reconciler.reconcile();
        assertThat(lastReconcileWindowMinutes()).as("from its own search, not an interval back (135)")
                .isBetween(120L, 125L);
    }

    /** N of {@code updated >= "-Nm"} in the last reconciliation search. */
    private static long lastReconcileWindowMinutes() throws Exception {
        List<LoggedRequest> searches = JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/search/jql")));
        assertThat(searches).isNotEmpty();
        String jql = new com.fasterxml.jackson.databind.ObjectMapper().readTree(searches.get(searches.size() - 1)
                .getBodyAsString()).path("jql").asText();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("updated >= \"-(\\d+)m\"").matcher(jql);
        assertThat(m.find()).as(jql).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static HttpEntity<String> json(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }
}
