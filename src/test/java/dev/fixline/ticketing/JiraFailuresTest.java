package dev.fixline.ticketing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fixline.remediation.RemediationProcess.Activity;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.fixline.remediation.CaseView;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.SystemHealth;

/** What Jira's failures become: retries, incidents with Jira's words, and never a second ticket. */
class JiraFailuresTest extends JiraCloudTestBase {

    @Autowired RuntimeService runtime;
    @Autowired HealthEndpoint health;
    @Autowired org.camunda.bpm.engine.TaskService tasks;

    @Test
    void aRefusedCreateIsAnIncidentAtOnceWithJirasErrorsAndTheOwnersTaskGoesOn() throws Exception {
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"errorMessages\":[],\"errors\":"
                        + "{\"customfield_10042\":\"Field 'customfield_10042' cannot be set. It is not on the "
                        + "appropriate screen, or unknown.\"}}")));
        CaseView c = openCase("CVE-2024-4001");
        runJobs(c);

        Job open = job(c, Activity.OPEN_TICKET.id());
        assertThat(open.getRetries()).as("a 400 is not retried").isZero();
        Incident incident = runtime.createIncidentQuery().activityId(Activity.OPEN_TICKET.id())
                .processInstanceId(c.processInstanceId()).singleResult();
        assertThat(incident.getIncidentMessage()).contains("HTTP 400", "customfield_10042",
                "It is not on the appropriate screen");
        assertThat(tickets.linkOf(c.id()).orElseThrow().state()).as("nothing was created").isEqualTo("PENDING");
        assertThat(runtime.createExecutionQuery().processInstanceId(c.processInstanceId()).activityId(Activity.REMEDIATE.id())
                .count()).as("the owner's task and its deadlines go on").isOne();
        SystemHealth status = (SystemHealth) health.health();
        assertThat(status.getComponents().get("ticketing").getStatus().getCode()).isEqualTo("DEGRADED");
        assertThat(status.getStatus().getCode()).as("Fixline stays in its load balancer").isEqualTo("UP");

        // Someone fixes Jira's screen and retries the incident in Cockpit: one ticket, the incident gone.
        stubCreate("10040", "SEC-40");
        management.setJobRetries(open.getId(), 1);
        management.setJobDuedate(open.getId(), new java.util.Date());
        runJobs(c);
        assertThat(tickets.linkOf(c.id()).orElseThrow().key()).isEqualTo("SEC-40");
        assertThat(runtime.createIncidentQuery().processInstanceId(c.processInstanceId()).count()).isZero();
    }

    @Test
    void aCreateThatTimedOutIsFoundByItsLabelInsteadOfSentAgain() throws Exception {
        // Jira created the issue but the answer came after Fixline's read timeout.
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(201)
                .withFixedDelay(2500).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"10050\",\"key\":\"SEC-50\"}")));
        CaseView c = openCase("CVE-2024-4002");
        runJobs(c);
        TicketLink unknown = tickets.linkOf(c.id()).orElseThrow();
        assertThat(unknown.state()).isEqualTo("UNKNOWN");
        assertThat(job(c, Activity.OPEN_TICKET.id()).getExceptionMessage()).isNotBlank().doesNotContain("api-token-for-tests");

        // Jira's search now finds it by the fingerprint label.
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/3/search/jql")).willReturn(okJson("{\"issues\":["
                + issue("10050", "SEC-50", "To Do", "new", null) + "],\"isLast\":true}")));
        stubIssue("10050", "SEC-50", "To Do", "new", null);
        management.setJobDuedate(job(c, Activity.OPEN_TICKET.id()).getId(), new java.util.Date());
        runJobs(c);

        assertThat(tickets.linkOf(c.id()).orElseThrow().key()).isEqualTo("SEC-50");
        assertThat(JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue")))).as("never sent twice")
                .hasSize(1);
    }

    @Test
    void aCreateNoSearchFindsIsSentAgainOnlyAfterTwoEmptyLooks() throws Exception {
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).inScenario("create").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("up"));
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).inScenario("create").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"10060\",\"key\":\"SEC-60\"}")));
        stubIssue("10060", "SEC-60", "To Do", "new", null);
        CaseView c = openCase("CVE-2024-4003");
        TicketRequest request = new TicketRequest(null, "s", TicketText.of("d"), c.severity(), LocalDate.now(),
                null, null);

        assertThatThrownBy(() -> tickets.open(c.id(), request)).isInstanceOf(TicketOutcomeUnknownException.class);
        assertThatThrownBy(() -> tickets.open(c.id(), request)).as("the first empty look")
                .isInstanceOf(TrackerUnavailableException.class).hasMessageContaining("looking once more");
        assertThat(JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue")))).hasSize(1);

        TicketLink link = tickets.open(c.id(), request);

        assertThat(link.key()).isEqualTo("SEC-60");
        assertThat(JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue")))).hasSize(2);
    }

    @Test
    void aCreateWithoutAnswerIsLookedForAgainWhenTheLookIsDueNotAtTheRetryCycle() throws Exception {
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(502)));
        CaseView c = openCase("CVE-2024-4010");
        runJobs(c); // the owner is mailed; the create gets no clear answer: UNKNOWN, retried in 5 minutes
        assertThat(tickets.linkOf(c.id()).orElseThrow().state()).isEqualTo("UNKNOWN");

        runJob(job(c, Activity.OPEN_TICKET.id())); // the first look finds nothing

        Job again = job(c, Activity.OPEN_TICKET.id());
        assertThat(again.getExceptionMessage()).contains("looking once more");
        assertThat(again.getDuedate().toInstant()).as("due after unknown-recheck-delay (0 s here), not in 5 minutes")
                .isBefore(Instant.now().plusSeconds(60));
        assertThat(JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue")))).hasSize(1);
    }

    @Test
    void concurrentRetriesOnTwoNodesSendOneCreate() throws Exception {
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(201)
                .withFixedDelay(400).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"10070\",\"key\":\"SEC-70\"}")));
        stubIssue("10070", "SEC-70", "To Do", "new", null);
        CaseView c = openCase("CVE-2024-4004");
        TicketRequest request = new TicketRequest(null, "s", TicketText.of("d"), c.severity(), LocalDate.now(),
                null, null);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Callable<String> attempt = () -> {
                try {
                    return tickets.open(c.id(), request).key();
                } catch (TrackerUnavailableException busy) {
                    return "retry later";
                }
            };
            results.add(pool.submit(attempt));
        }
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : results) {
            outcomes.add(f.get());
        }
        pool.shutdown();

        assertThat(outcomes).contains("SEC-70").allMatch(o -> o.equals("SEC-70") || o.equals("retry later"));
        assertThat(JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue")))).hasSize(1);
        assertThat(tickets.open(c.id(), request).key()).isEqualTo("SEC-70");
    }

    @Test
    void rateLimitedCommentsWaitForRetryAfterAndOutagesBecomeRetriesThenAnIncident() throws Exception {
        stubCreate("10080", "SEC-80");
        CaseView c = openCase("CVE-2024-4005");
        runJobs(c);
        assertThat(tickets.linkOf(c.id()).orElseThrow().key()).isEqualTo("SEC-80");

        JIRA.stubFor(post(urlPathEqualTo("/rest/api/3/issue/SEC-80/comment")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "600")));
        fireTimer(c, Activity.REMINDER.id());
        runJobs(c);
        Job reminder = job(c, Activity.TICKET_REMINDER.id());
        assertThat(reminder.getRetries()).isEqualTo(5);
        assertThat(reminder.getDuedate().toInstant()).as("not before Jira's Retry-After")
                .isAfter(Instant.now().plusSeconds(590));

        JIRA.stubFor(post(urlPathEqualTo("/rest/api/3/issue/SEC-80/comment")).willReturn(aResponse().withStatus(503)));
        for (int attempt = 0; attempt < 5; attempt++) {
            runJob(job(c, Activity.TICKET_REMINDER.id()));
        }
        Job exhausted = job(c, Activity.TICKET_REMINDER.id());
        assertThat(exhausted.getRetries()).isZero();
        assertThat(runtime.createIncidentQuery().processInstanceId(c.processInstanceId()).activityId(
                Activity.TICKET_REMINDER.id()).singleResult().getIncidentMessage()).contains("503");
    }

    @Test
    void aTicketStepThatCameBeforeTheTicketGoesOnTheMomentTheTicketOpens() throws Exception {
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"errorMessages\":[\"Project 'SEC' is archived.\"],\"errors\":{}}")));
        CaseView c = openCase("CVE-2024-4011");
        runJobs(c);
        fireTimer(c, Activity.REMINDER.id());
        runJobs(c);
        Job waiting = job(c, Activity.TICKET_REMINDER.id());
        assertThat(waiting.getExceptionMessage()).isEqualTo("Waiting for the ticket of case " + c.id()
                + ": it is not open yet (PENDING: Jira create issue in project SEC was rejected with HTTP 400: "
                + "Project 'SEC' is archived.)");
        assertThat(waiting.getDuedate().toInstant()).as("meanwhile, its step's retry wait")
                .isAfter(Instant.now().plusSeconds(60));

        // Someone restores the project and retries the opening in Cockpit.
        stubCreate("10090", "SEC-90");
        Job open = job(c, Activity.OPEN_TICKET.id());
        management.setJobRetries(open.getId(), 1);
        runJob(job(c, Activity.OPEN_TICKET.id()));

        assertThat(job(c, Activity.TICKET_REMINDER.id()).getDuedate().toInstant()).as("due the moment the ticket opened")
                .isBefore(Instant.now().plusSeconds(1));
        runJobs(c);
        assertThat(job(c, Activity.TICKET_REMINDER.id())).as("the reminder step is done").isNull();
        assertThat(JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/SEC-90/comment"))))
                .as("the reminder, on the ticket").hasSize(1);
        assertThat(runtime.createIncidentQuery().processInstanceId(c.processInstanceId()).count()).isZero();
    }

    @Test
    void aCaseClosedBeforeItsTicketOpenedLeavesNoIncidentBehind() throws Exception {
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"errorMessages\":[\"You do not have permission to create issues in this project.\"]}")));
        CaseView c = openCase("CVE-2024-4006");
        runJobs(c);
        assertThat(runtime.createIncidentQuery().processInstanceId(c.processInstanceId()).count()).isOne();

        rescanFixed("CVE-2024-4006");
        runJobs(c);

        assertThat(cases.find(c.id()).orElseThrow().state()).isEqualTo(dev.fixline.remediation.CaseState.CLOSED);
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(c.processInstanceId()).count())
                .as("the process ended; its incident with it").isZero();
        assertThat(cases.timeline(c.id()).orElseThrow()).extracting(dev.fixline.audit.AuditEvent::type)
                .contains("TICKET_NOT_OPENED");
        assertThat(JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue")))).hasSize(1);
    }

    @Test
    void aCreateAnsweredWithoutAnIssueIsLookedForInsteadOfLinkedToNothing() throws Exception {
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        CaseView c = openCase("CVE-2024-4007");
        runJobs(c);

        TicketLink link = tickets.linkOf(c.id()).orElseThrow();
        assertThat(link.state()).isEqualTo("UNKNOWN");
        assertThat(link.key()).isNull();
    }

    @Test
    void aReopenWhoseAnswerWasLostIsNotPostedAgain() throws Exception {
        stubCreate("10090", "SEC-90");
        stubTransitions("SEC-90");
        CaseView c = openCase("CVE-2024-4008");
        runJobs(c);
        // The owner moved the ticket to Done; no rescan confirms it within the verification timeout.
        stubIssue("10090", "SEC-90", "Done", "done", "Done");
        tasks.complete(tasks.createTaskQuery().processInstanceId(c.processInstanceId())
                .taskDefinitionKey(Activity.REMEDIATE.id()).singleResult().getId());
        fireTimer(c, Activity.VERIFICATION_TIMEOUT.id());
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/3/issue/SEC-90/transitions")).willReturn(aResponse()
                .withStatus(204).withFixedDelay(2500)));
        runJobs(c);
        assertThat(job(c, Activity.TICKET_VERIFICATION_FAILED.id()).getExceptionMessage()).isNotBlank();

        // Jira did reopen it, with Fixline's comment; the retry sees both and sends nothing.
        stubIssue("10090", "SEC-90", "To Do", "new", null);
        JIRA.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(
                "/rest/api/3/issue/SEC-90/comment")).willReturn(okJson("{\"comments\":[{\"id\":\"1\",\"body\":"
                + "{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"fixline-event:verification-reopen:1\"}]}]}}]}")));
        management.setJobDuedate(job(c, Activity.TICKET_VERIFICATION_FAILED.id()).getId(), new java.util.Date());
        runJobs(c);

        assertThat(job(c, Activity.TICKET_VERIFICATION_FAILED.id())).as("done").isNull();
        assertThat(JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/SEC-90/transitions")))).hasSize(1);
        assertThat(JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/SEC-90/comment")))).isEmpty();
        assertThat(cases.timeline(c.id()).orElseThrow()).extracting(dev.fixline.audit.AuditEvent::type)
                .contains("TICKET_REOPENED");
    }
}
