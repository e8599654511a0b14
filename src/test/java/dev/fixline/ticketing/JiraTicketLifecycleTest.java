package dev.fixline.ticketing;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.remediation.RemediationProcess.Activity;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.fixline.audit.AuditEvent;
import dev.fixline.remediation.CaseState;
import dev.fixline.remediation.CaseView;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One case's ticket in Jira Cloud from opening to verified closure, as Jira sees the requests. */
class JiraTicketLifecycleTest extends JiraCloudTestBase {

    @Test
    void aCaseOpensItsTicketCommentsTheLadderAndClosesItWithTheEvidence() throws Exception {
        stubCreate("10001", "SEC-1");
        stubTransitions("SEC-1");

        CaseView c = openCase("CVE-2023-32700");
        runJobs(c);

        // Created once, in the project, with what an owner needs to act.
        List<LoggedRequest> creates = JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue")));
        assertThat(creates).hasSize(1);
        JsonNode fields = json.readTree(creates.get(0).getBodyAsString()).path("fields");
        assertThat(fields.at("/project/key").asText()).isEqualTo("SEC");
        assertThat(fields.path("summary").asText()).isEqualTo("[High] CVE-2023-32700 in libfoo — "
                + rows.registryHost().replace(".azurecr.io", "") + "/app/api");
        assertThat(fields.at("/priority/name").asText()).isEqualTo("High");
        assertThat(fields.path("duedate").asText()).isEqualTo(c.dueAt().atOffset(ZoneOffset.UTC).toLocalDate()
                .toString());
        assertThat(fields.at("/assignee/accountId").asText()).isEqualTo(OWNER_ACCOUNT);
        assertThat(fields.path("labels")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("fixline", Tickets.fingerprintOf(c.id()));
        assertThat(fields.at("/description/type").asText()).as("Atlassian Document Format").isEqualTo("doc");
        String description = fields.path("description").toString();
        assertThat(description).contains("CVE-2023-32700", "1.0.0", "1.0.1", "sha256:" + "a".repeat(64),
                "\"href\":\"http://localhost:8080/cases/" + c.id() + "\"");
        assertThat(creates.get(0).getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("fixline-bot@contoso.example:api-token-for-tests".getBytes(StandardCharsets.UTF_8)));
        // A create never sent before cannot have made a ticket: one call, no search by the fingerprint first.
        JIRA.verify(0, postRequestedFor(urlPathEqualTo("/rest/api/3/search/jql"))
                .withRequestBody(matchingJsonPath("$.jql", equalTo("project = \"SEC\" AND labels = \""
                        + Tickets.fingerprintOf(c.id()) + "\" ORDER BY id ASC"))));
        assertThat(tickets.linkOf(c.id()).orElseThrow().key()).isEqualTo("SEC-1");

        // The breach: a comment and a higher priority.
        fireTimer(c, Activity.SLA_DUE.id());
        runJobs(c);
        JIRA.verify(putRequestedFor(urlPathEqualTo("/rest/api/3/issue/SEC-1"))
                .withRequestBody(matchingJsonPath("$.fields.priority.name", equalTo("Highest"))));
        List<LoggedRequest> comments = JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/SEC-1/comment")));
        assertThat(comments).hasSize(1);
        assertThat(comments.get(0).getBodyAsString()).contains("SLA breached");

        // A retried breach step changes nothing more.
        fireTimerAgainIsImpossibleSoRunTheStepTwice(c);

        // Still overdue: the chain is told, then a numbered notice on every cycle, each on the ticket once.
        fireTimer(c, Activity.STILL_OVERDUE.id());
        fireTimer(c, Activity.EVERY_BREACH_CYCLE.id());
        runJobs(c); // a week apart: the first notice has gone out (one still waiting would be joined)
        fireTimer(c, Activity.EVERY_BREACH_CYCLE.id());
        runJobs(c);
        List<String> ladder = JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/SEC-1/comment")))
                .stream().map(LoggedRequest::getBodyAsString).toList();
        assertThat(ladder).hasSize(4);
        assertThat(String.join("\n", ladder)).contains("Escalated to", "fixline-event:breach-repeated:1",
                "fixline-event:breach-repeated:2");

        // A rescan shows the fix: the ticket moves to Done with the evidence.
        rescanFixed("CVE-2023-32700");
        stubIssue("10001", "SEC-1", "To Do", "new", null);
        runJobs(c);
        assertThat(cases.find(c.id()).orElseThrow().state()).isEqualTo(CaseState.CLOSED);
        List<LoggedRequest> transitions = JIRA.findAll(postRequestedFor(urlPathEqualTo(
                "/rest/api/3/issue/SEC-1/transitions")));
        assertThat(transitions).hasSize(1);
        JsonNode transition = json.readTree(transitions.get(0).getBodyAsString());
        assertThat(transition.at("/transition/id").asText()).isEqualTo("31");
        assertThat(transition.path("update").toString()).contains("Verified fixed by a rescan", "NEWER_IMAGE_CLEAN");
        assertThat(cases.timeline(c.id()).orElseThrow()).extracting(AuditEvent::type)
                .contains("TICKET_OPENED", "TICKET_COMMENTED", "TICKET_CLOSED");
        JIRA.verify(0, getRequestedFor(urlPathEqualTo("/rest/api/3/search")));

        // The finding comes back on a new image: the new case reopens the same ticket, no second one.
        stubIssue("10001", "SEC-1", "Done", "done", "Done");
        regression("CVE-2023-32700");
        CaseView back = caseOfState("CVE-2023-32700", CaseState.OPEN);
        assertThat(back.previousCaseId()).isEqualTo(c.id());
        runJobs(back);
        assertThat(tickets.linkOf(back.id()).orElseThrow().key()).isEqualTo("SEC-1");
        assertThat(JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue")))).hasSize(1);
        List<LoggedRequest> moves = JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/SEC-1/transitions")));
        assertThat(moves).hasSize(2);
        JsonNode reopen = json.readTree(moves.get(1).getBodyAsString());
        assertThat(reopen.at("/transition/id").asText()).isEqualTo("41");
        assertThat(reopen.path("update").toString()).contains("the finding is back", back.id());
        JIRA.verify(putRequestedFor(urlPathEqualTo("/rest/api/3/issue/SEC-1"))
                .withRequestBody(matchingJsonPath("$.update.labels[0].add", equalTo(Tickets.fingerprintOf(back.id())))));
    }

    private void fireTimerAgainIsImpossibleSoRunTheStepTwice(CaseView c) {
        int before = JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/SEC-1/comment"))).size();
        // The same comment key again (what a retried job does): it is on the ticket, and nothing more is posted.
        boolean onTicket = tickets.comment(c.id(), "breach:" + c.dueAt().toEpochMilli(), TicketText.of("again"));
        assertThat(onTicket).isTrue();
        assertThat(JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/SEC-1/comment")))).hasSize(before);
    }

    @Test
    void aCaseReassignedInFixlineMovesItsTicketToTheNewOwner() throws Exception {
        stubCreate("10031", "SEC-31");
        CaseView c = openCase("CVE-2023-32731");
        runJobs(c);
        JIRA.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/rest/api/3/user/search"))
                .withQueryParam("query", equalTo("frank@contoso.example"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson("[{\"accountId\":\"frank-account\","
                        + "\"accountType\":\"atlassian\",\"emailAddress\":\"frank@contoso.example\","
                        + "\"displayName\":\"Frank\",\"active\":true}]")));

        CaseView reassigned = cases.reassign(c.id(), "manager",
                new dev.fixline.remediation.CaseReassignments.Target("frank", null), "Frank's team builds this image");
        runJobs(c);

        assertThat(reassigned.owner()).isEqualTo("frank");
        JIRA.verify(putRequestedFor(urlPathEqualTo("/rest/api/3/issue/SEC-31"))
                .withRequestBody(matchingJsonPath("$.fields.assignee.accountId", equalTo("frank-account"))));
        List<LoggedRequest> comments = JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/SEC-31/comment")));
        assertThat(comments).singleElement().satisfies(r -> assertThat(r.getBodyAsString())
                .contains("Reassigned to frank", "Frank's team builds this image", "manager"));
        assertThat(tickets.linkOf(c.id()).orElseThrow().assignee()).isEqualTo("frank-account");
    }
}
