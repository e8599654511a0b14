package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.ApplicationTest;
import dev.fixline.DefenderRows;
import dev.fixline.JobRunner;
import dev.fixline.MutableClock;
import dev.fixline.audit.AuditEvent;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.notification.NotificationOutbox;
import dev.fixline.notification.SentNotification;
import dev.fixline.remediation.RemediationProcess.Activity;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What owners and approvers do over HTTP, with days passing on a clock the test sets: an exception asked
 * for, decided, paused, expired, extended and revoked; a false positive claimed, confirmed (the finding
 * suppressed until the scanner says something new) or rejected; who may do what; a claimed fix that the
 * next complete sweep refutes; and the SLA clock, which runs on through a claim and stands still only
 * while an approved exception runs.
 */
@ApplicationTest
class OwnerActionsApiTest {

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MutableClock clock() {
            return new MutableClock();
        }
    }

    /** Sixty days ago: the test lets a few weeks pass, and exports may not come from the future. */
    static final Instant T0 = Instant.now().minus(Duration.ofDays(60)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);

    @Autowired TestRestTemplate http;
    @Autowired SweepImporter importer;
    @Autowired CaseDispatcher dispatcher;
    @Autowired CaseRepository repository;
    @Autowired RemediationCases cases;
    @Autowired NotificationOutbox outbox;
    @Autowired ManagementService management;
    @Autowired JdbcTemplate jdbc;
    @Autowired MutableClock clock;
    @Autowired ObjectMapper json;

    JobRunner jobs;
    DefenderRows rows;

    @BeforeEach
    void start() {
        clock.set(T0);
        jobs = new JobRunner(jdbc, management, clock);
        rows = new DefenderRows(json, "ex");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void anApprovedExceptionPausesTheClockAndItResumesWithTheTimeThatWasLeft() throws Exception {
        CaseView c = openCase("High", "CVE-2030-1001", "libpause");
        Instant due = c.dueAt();
        Instant asked = due.minus(Duration.ofDays(5));
        advance(c, asked);

        ResponseEntity<JsonNode> request = post("owner", c.id(), "exception-requests", Map.of("reason",
                "Batch image, retired on 2030-04-15", "compensatingControl", "Network policy denies all ingress",
                "expiresAt", asked.plus(Duration.ofDays(10)).toString()));
        assertThat(request.getStatusCode().value()).as(request.getBody().toString()).isEqualTo(201);
        assertThat(request.getBody().path("state").asText()).isEqualTo("REQUESTED");
        assertThat(get(c.id()).path("exception").path("approvers")).extracting(JsonNode::asText)
                .containsExactly("manager");

        ResponseEntity<JsonNode> byRequester = post("owner", c.id(), "exception-decision",
                Map.of("approved", true, "reason", "fine by me"));
        ResponseEntity<JsonNode> byOther = post("frank", c.id(), "exception-decision",
                Map.of("approved", true, "reason", "fine by me"));
        assertThat(byRequester.getStatusCode().value()).isEqualTo(403);
        assertThat(byRequester.getBody().path("detail").asText()).contains("asked for this exception");
        assertThat(byOther.getStatusCode().value()).isEqualTo(403);
        assertThat(byOther.getBody().path("detail").asText()).contains("decided by manager, not frank");
        assertThat(get(c.id()).path("exception").path("state").asText()).as("nothing decided").isEqualTo("REQUESTED");

        assertThat(post("manager", c.id(), "exception-decision", Map.of("approved", true,
                "reason", "Compensating control verified")).getStatusCode().value()).isEqualTo(204);
        jobs.runDue(List.of(c.processInstanceId()));

        JsonNode paused = get(c.id());
        assertThat(paused.path("state").asText()).isEqualTo("EXCEPTION");
        assertThat(paused.path("exception").path("state").asText()).isEqualTo("APPROVED");
        assertThat(Instant.parse(paused.path("pausedSince").asText())).isEqualTo(asked);
        assertThat(slaTimer(c).isSuspended()).as("the due-date timer stands still").isTrue();

        // The original due date passes while the exception runs: no breach.
        advance(c, asked.plus(Duration.ofDays(10)).plusSeconds(60));
        assertThat(types(c)).doesNotContain("SLA_BREACHED");

        JsonNode resumed = get(c.id());
        assertThat(resumed.path("state").asText()).isEqualTo("OPEN");
        assertThat(resumed.path("exception").isNull()).as("no exception runs any more").isTrue();
        assertThat(duration(resumed.path("pausedFor"))).isEqualTo(Duration.ofDays(10));
        assertThat(Instant.parse(resumed.path("dueAt").asText())).as("the five days that were left, from now")
                .isEqualTo(due.plus(Duration.ofDays(10)));
        assertThat(slaTimer(c).isSuspended()).isFalse();
        assertThat(slaTimer(c).getDuedate().toInstant()).isEqualTo(due.plus(Duration.ofDays(10)));
        assertThat(exceptions(c.id())).extracting(e -> e.path("state").asText()).containsExactly("EXPIRED");
        assertThat(types(c)).containsSubsequence("EXCEPTION_REQUESTED", "EXCEPTION_APPROVED", "SLA_PAUSED",
                "EXCEPTION_EXPIRED", "SLA_RESUMED");
        assertThat(notices(c)).contains("EXCEPTION_REQUESTED to manager@contoso.example",
                "EXCEPTION_APPROVED to owner@contoso.example", "EXCEPTION_ENDED to owner@contoso.example",
                "EXCEPTION_ENDED to manager@contoso.example");

        advance(c, due.plus(Duration.ofDays(10)).plusSeconds(60));
        assertThat(types(c)).as("the breach comes when the time that was left is over").contains("SLA_BREACHED");
    }

    @Test
    void aRequestThePolicyDoesNotAllowIsRefusedByNameAndChangesNothing() throws Exception {
        CaseView c = openCase("High", "CVE-2030-1002", "libpolicy");

        ResponseEntity<JsonNode> tooLong = post("owner", c.id(), "exception-requests", Map.of("reason", "later",
                "expiresAt", T0.plus(Duration.ofDays(91)).toString()));
        ResponseEntity<JsonNode> past = post("owner", c.id(), "exception-requests", Map.of("reason", "later",
                "expiresAt", T0.minus(Duration.ofDays(2)).toString().substring(0, 10)));
        ResponseEntity<JsonNode> noReason = post("owner", c.id(), "exception-requests", Map.of(
                "expiresAt", T0.plus(Duration.ofDays(20)).toString()));
        ResponseEntity<JsonNode> notADate = post("owner", c.id(), "exception-requests", Map.of("reason", "later",
                "expiresAt", "next friday"));
        ResponseEntity<JsonNode> notTheirs = post("frank", c.id(), "exception-requests", Map.of("reason", "later",
                "expiresAt", T0.plus(Duration.ofDays(20)).toString()));

        assertThat(tooLong.getStatusCode().value()).isEqualTo(400);
        assertThat(tooLong.getBody().toString()).contains("expiresAt", "at most " + T0.plus(Duration.ofDays(90)) + " for a High case",
                "runs at most 90 days", "at most 180 days in all");
        assertThat(past.getStatusCode().value()).isEqualTo(400);
        assertThat(past.getBody().toString()).contains("expiresAt", "must be in the future");
        assertThat(noReason.getStatusCode().value()).isEqualTo(400);
        assertThat(noReason.getBody().toString()).contains("reason", "required");
        assertThat(notADate.getStatusCode().value()).isEqualTo(400);
        assertThat(notADate.getBody().toString()).contains("not an ISO-8601 instant or date");
        assertThat(notTheirs.getStatusCode().value()).isEqualTo(403);
        assertThat(exceptions(c.id())).isEmpty();
        assertThat(get(c.id()).path("state").asText()).isEqualTo("OPEN");
        assertThat(remediateTasks(c)).as("the task stays with the owner").isOne();
    }

    @Test
    void anExtensionReplacesTheRunningExceptionWithinTheTotalAndARevocationEndsItAtOnce() throws Exception {
        CaseView c = openCase("High", "CVE-2030-1003", "libextend");
        request(c, T0.plus(Duration.ofDays(30)));
        decide("manager", c, true);
        advance(c, T0.plus(Duration.ofDays(20)));

        ResponseEntity<JsonNode> beyondTotal = post("owner", c.id(), "exception-requests", Map.of("reason", "more",
                "expiresAt", T0.plus(Duration.ofDays(181)).toString()));
        assertThat(beyondTotal.getStatusCode().value()).isEqualTo(400);
        assertThat(beyondTotal.getBody().toString()).contains("180 days in all", "paused so far: 20 d 0 h");

        request(c, T0.plus(Duration.ofDays(60)));
        assertThat(get(c.id()).path("state").asText()).as("the clock stays paused while the extension is decided")
                .isEqualTo("EXCEPTION");
        decide("manager", c, true);
        assertThat(exceptions(c.id())).extracting(e -> e.path("state").asText()).containsExactly("EXTENDED", "APPROVED");
        assertThat(Instant.parse(get(c.id()).path("exception").path("expiresAt").asText()))
                .isEqualTo(T0.plus(Duration.ofDays(60)));
        assertThat(management.createJobQuery().processInstanceId(c.processInstanceId()).timers()
                .activityId(Activity.EXCEPTION_EXPIRES.id()).singleResult().getDuedate().toInstant())
                .as("the expiry moved with the extension").isEqualTo(T0.plus(Duration.ofDays(60)));

        advance(c, T0.plus(Duration.ofDays(25)));
        ResponseEntity<JsonNode> byAuditor = post("auditor", c.id(), "exception-revocation", Map.of("reason", "x"));
        assertThat(byAuditor.getStatusCode().value()).isEqualTo(403);
        ResponseEntity<JsonNode> revoked = post("owner", c.id(), "exception-revocation",
                Map.of("reason", "The image stays in service after all"));
        assertThat(revoked.getStatusCode().value()).isEqualTo(200);
        jobs.runDue(List.of(c.processInstanceId()));

        JsonNode now = get(c.id());
        assertThat(now.path("state").asText()).isEqualTo("OPEN");
        assertThat(duration(now.path("pausedFor"))).as("paused from the approval to the revocation")
                .isEqualTo(Duration.ofDays(25));
        assertThat(exceptions(c.id())).extracting(e -> e.path("state").asText()).containsExactly("EXTENDED", "REVOKED");
        assertThat(cases.timeline(c.id()).orElseThrow()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("EXCEPTION_REVOKED");
            assertThat(e.actor()).isEqualTo("owner");
            assertThat(e.summary()).contains("The image stays in service after all");
        });
        assertThat(remediateTasks(c)).as("the task is the owner's again").isOne();
        assertThat(post("owner", c.id(), "exception-revocation", Map.of("reason", "again")).getStatusCode().value())
                .as("nothing runs any more").isEqualTo(409);
    }

    @Test
    void anExtensionNotYetDecidedLapsesWhenTheExceptionIsRevoked() throws Exception {
        CaseView c = openCase("High", "CVE-2030-1008", "liblapse");
        request(c, T0.plus(Duration.ofDays(10)));
        decide("manager", c, true);
        advance(c, T0.plus(Duration.ofDays(5)));
        request(c, T0.plus(Duration.ofDays(30)));

        ResponseEntity<JsonNode> revoked = post("manager", c.id(), "exception-revocation",
                Map.of("reason", "Exposed to the internet since the last release"));
        assertThat(revoked.getStatusCode().value()).as("revocable while an extension waits").isEqualTo(200);
        jobs.runDue(List.of(c.processInstanceId()));

        assertThat(exceptions(c.id())).extracting(e -> e.path("state").asText()).containsExactly("REVOKED", "LAPSED");
        assertThat(get(c.id()).path("state").asText()).isEqualTo("OPEN");
        assertThat(post("manager", c.id(), "exception-decision", Map.of("approved", true, "reason", "late"))
                .getStatusCode().value()).as("nothing left to decide").isEqualTo(409);
        assertThat(types(c)).contains("EXCEPTION_LAPSED");
    }

    @Test
    void aCaseClosedByARescanWhileItsExceptionRunsEndsThePause() throws Exception {
        CaseView c = openCase("High", "CVE-2030-1009", "libclosed");
        request(c, T0.plus(Duration.ofDays(10)));
        decide("manager", c, true);
        clock.set(T0.plus(Duration.ofDays(2)));

        ObjectNode body = json.createObjectNode();
        // A newer image carries libclosed 1.0.0-2, the fixed version: it shows another CVE of it, not this one.
        body.putArray("data").add(rows.row("app/libclosed", "sha256:" + "b".repeat(64), T0.plus(Duration.ofHours(1)),
                T0.plus(Duration.ofDays(1)), "CVE-2030-1099", "Low", rows.os("debian_linux_12"), "libclosed",
                "1.0.0-2", "1.0.0-3"));
        body.put("resultTruncated", "false");
        importer.importArgExport("fixed-" + UUID.randomUUID(), new ByteArrayInputStream(json.writeValueAsBytes(body)));
        dispatcher.dispatch();
        jobs.runDue(List.of(c.processInstanceId()));

        JsonNode closed = get(c.id());
        assertThat(closed.path("state").asText()).isEqualTo("CLOSED");
        assertThat(closed.path("resolution").asText()).isEqualTo("FIXED");
        assertThat(closed.path("pausedSince").isNull()).isTrue();
        assertThat(duration(closed.path("pausedFor"))).isEqualTo(Duration.ofDays(2));
        assertThat(exceptions(c.id())).singleElement().satisfies(e -> {
            assertThat(e.path("state").asText()).isEqualTo("EXPIRED");
            assertThat(e.path("endReason").asText()).isEqualTo("the case closed");
        });
    }

    @Test
    void aCriticalCaseIsDecidedByTheSecurityApproversNotTheManager() throws Exception {
        CaseView c = openCase("Critical", "CVE-2030-1004", "libcritical");
        request(c, T0.plus(Duration.ofDays(20)));

        assertThat(get(c.id()).path("exception").path("approvers")).extracting(JsonNode::asText)
                .containsExactly("security-lead");
        assertThat(post("manager", c.id(), "exception-decision", Map.of("approved", true, "reason", "ok"))
                .getStatusCode().value()).isEqualTo(403);
        assertThat(post("admin", c.id(), "exception-decision", Map.of("approved", false,
                "reason", "Critical and internet-facing: no exception")).getStatusCode().value()).isEqualTo(204);
        jobs.runDue(List.of(c.processInstanceId()));

        assertThat(exceptions(c.id())).extracting(e -> e.path("state").asText()).containsExactly("REFUSED");
        assertThat(get(c.id()).path("state").asText()).isEqualTo("OPEN");
        assertThat(remediateTasks(c)).as("refused: back with the owner").isOne();
        assertThat(notices(c)).contains("EXCEPTION_REQUESTED to security-lead@contoso.example",
                "EXCEPTION_REFUSED to owner@contoso.example");
    }

    @Test
    void aCompleteSweepAfterTheClaimThatStillShowsTheFindingSendsTheTaskBackAndTheClockNeverStopped()
            throws Exception {
        CaseView c = openCase("High", "CVE-2030-1005", "libclaim");
        Instant claimed = T0.plus(Duration.ofDays(1));
        clock.set(claimed);
        assertThat(post("owner", c.id(), "fixed", Map.of("digest", "sha256:" + "e".repeat(64)))
                .getStatusCode().value()).isEqualTo(200);
        assertThat(slaTimer(c).isSuspended()).as("a claim does not stop the SLA clock").isFalse();

        // Data older than the claim says nothing about it.
        clock.set(claimed.plus(Duration.ofHours(2)));
        sweep(claimed.minus(Duration.ofHours(1)), "sha256:" + "a".repeat(64));
        dispatcher.dispatch();
        assertThat(get(c.id()).path("state").asText()).isEqualTo("AWAITING_VERIFICATION");

        sweep(claimed.plus(Duration.ofHours(1)), "sha256:" + "a".repeat(64));
        dispatcher.dispatch();
        jobs.runDue(List.of(c.processInstanceId()));

        assertThat(get(c.id()).path("state").asText()).isEqualTo("OPEN");
        assertThat(remediateTasks(c)).isOne();
        AuditEvent failed = cases.timeline(c.id()).orElseThrow().stream()
                .filter(e -> e.type().equals("VERIFICATION_FAILED")).findFirst().orElseThrow();
        assertThat(failed.summary()).contains("A rescan after the claimed fix still shows the finding",
                "still finds CVE-2030-1005 in libclaim 1.0.0-1 on image sha256:" + "a".repeat(64), "fixed version 1.0.0-2");
        assertThat(notices(c)).contains("VERIFICATION_FAILED to owner@contoso.example");
        assertThat(slaTimer(c).getDuedate().toInstant()).as("the same due date").isEqualTo(c.dueAt());
    }

    @Test
    void aConfirmedFalsePositiveClosesTheCaseAndSuppressesTheFindingUntilTheScannerSaysSomethingNew()
            throws Exception {
        CaseView c = openCase("High", "CVE-2030-1006", "libfp");

        ResponseEntity<JsonNode> claim = post("owner", c.id(), "false-positive",
                Map.of("reason", "libfp is in the build stage only, not in the runtime image"));
        assertThat(claim.getStatusCode().value()).as(String.valueOf(claim.getBody())).isEqualTo(202);
        jobs.runDue(List.of(c.processInstanceId()));
        assertThat(remediateTasks(c)).as("the task is with the approvers").isZero();
        assertThat(post("owner", c.id(), "false-positive-decision", Map.of("approved", true, "reason", "yes"))
                .getStatusCode().value()).as("never the claimant").isEqualTo(403);
        ResponseEntity<JsonNode> byManager = post("manager", c.id(), "false-positive-decision",
                Map.of("approved", true, "reason", "yes"));
        assertThat(byManager.getStatusCode().value()).isEqualTo(403);
        assertThat(byManager.getBody().path("detail").asText()).contains("decided by security-lead, not manager");

        assertThat(post("security-lead", c.id(), "false-positive-decision", Map.of("approved", true,
                "reason", "Checked the image's SBOM: libfp is not shipped")).getStatusCode().value()).isEqualTo(204);
        jobs.runDue(List.of(c.processInstanceId()));

        JsonNode closed = get(c.id());
        assertThat(closed.path("state").asText()).isEqualTo("CLOSED");
        assertThat(closed.path("resolution").asText()).isEqualTo("FALSE_POSITIVE");
        JsonNode finding = http.withBasicAuth("auditor", "demo").getForObject("/api/findings/"
                + c.findingIds().get(0), JsonNode.class);
        assertThat(finding.path("state").asText()).isEqualTo("SUPPRESSED");
        assertThat(finding.path("suppression").path("by").asText()).isEqualTo("security-lead");
        assertThat(finding.path("suppression").path("reason").asText()).contains("SBOM");
        assertThat(types(c)).containsSubsequence("FALSE_POSITIVE_CLAIMED", "FALSE_POSITIVE_CONFIRMED", "CASE_CLOSED");
        assertThat(notices(c)).contains("FALSE_POSITIVE_CLAIMED to security-lead@contoso.example",
                "CLOSED to owner@contoso.example");
        assertThat(management.createJobQuery().processInstanceId(c.processInstanceId()).count())
                .as("no SLA timer left").isZero();

        // The scanner says the same again: no case.
        clock.set(T0.plus(Duration.ofDays(2)));
        rescan("CVE-2030-1006", "libfp", T0.plus(Duration.ofDays(1)), "1.0.0-2");
        dispatcher.dispatch();
        assertThat(casesOf("CVE-2030-1006")).hasSize(1);

        // A new fixed version is new data: the suppression lifts and a case opens again.
        rescan("CVE-2030-1006", "libfp", T0.plus(Duration.ofDays(2)).minusSeconds(60), "1.0.0-3");
        dispatcher.dispatch();
        List<CaseView> all = casesOf("CVE-2030-1006");
        assertThat(all).hasSize(2);
        CaseView reopened = all.stream().filter(v -> !v.id().equals(c.id())).findFirst().orElseThrow();
        assertThat(reopened.state()).isEqualTo(CaseState.OPEN);
        assertThat(reopened.previousCaseId()).isEqualTo(c.id());
        assertThat(cases.timeline(reopened.id()).orElseThrow().get(0).summary()).as("why it is back")
                .endsWith("was judged a false positive (previous case " + c.id() + "), and the scanner's data for it "
                        + "changed: fixed version 1.0.0-2 → 1.0.0-3");
    }

    @Test
    void aRejectedFalsePositiveGivesTheTaskBackWithTheReason() throws Exception {
        CaseView c = openCase("High", "CVE-2030-1007", "libnotfp");
        assertThat(post("owner", c.id(), "false-positive", Map.of("reason", "not reachable"))
                .getStatusCode().value()).isEqualTo(202);
        assertThat(post("owner", c.id(), "false-positive", Map.of("reason", "again")).getStatusCode().value())
                .as("one claim at a time").isEqualTo(409);
        assertThat(post("security-lead", c.id(), "false-positive-decision", Map.of("approved", false,
                "reason", "Reachable through the admin API")).getStatusCode().value()).isEqualTo(204);
        jobs.runDue(List.of(c.processInstanceId()));

        assertThat(get(c.id()).path("state").asText()).isEqualTo("OPEN");
        assertThat(remediateTasks(c)).isOne();
        assertThat(notices(c)).contains("FALSE_POSITIVE_REJECTED to owner@contoso.example");
        assertThat(outbox.list(c.id(), 0, 100).items()).filteredOn(n -> n.kind().equals("FALSE_POSITIVE_REJECTED"))
                .singleElement().satisfies(n -> assertThat(n.body()).contains("Reachable through the admin API"));
    }

    @Test
    void aCaseReassignedToAPersonOrATeamChangesHandsWithItsTaskAndTicket() throws Exception {
        CaseView c = openCase("High", "CVE-2030-1011", "libhands");

        assertThat(post("auditor", c.id(), "reassign", Map.of("owner", "frank", "reason", "x")).getStatusCode()
                .value()).isEqualTo(403);
        ResponseEntity<JsonNode> nobody = post("owner", c.id(), "reassign", Map.of("reason", "x"));
        assertThat(nobody.getStatusCode().value()).isEqualTo(400);
        assertThat(nobody.getBody().path("parameter").asText()).isEqualTo("owner");
        ResponseEntity<JsonNode> unknownTeam = post("owner", c.id(), "reassign", Map.of("team", "marketing",
                "reason", "x"));
        assertThat(unknownTeam.getStatusCode().value()).isEqualTo(400);
        assertThat(unknownTeam.getBody().path("detail").asText()).contains("no ownership rule names team marketing");
        assertThat(post("owner", c.id(), "reassign", Map.of("owner", "owner", "reason", "x")).getStatusCode()
                .value()).as("the owner already").isEqualTo(400);

        ResponseEntity<JsonNode> toFrank = post("owner", c.id(), "reassign", Map.of("owner", "frank", "team", "web",
                "reason", "The web team builds this image"));
        assertThat(toFrank.getStatusCode().value()).as(String.valueOf(toFrank.getBody())).isEqualTo(200);
        assertThat(toFrank.getBody().path("owner").asText()).isEqualTo("frank");
        jobs.runDue(List.of(c.processInstanceId()));

        assertThat(jdbc.queryForObject("SELECT ASSIGNEE_ FROM ACT_RU_TASK WHERE PROC_INST_ID_ = ? AND TASK_DEF_KEY_ = ?",
                String.class, c.processInstanceId(), Activity.REMEDIATE.id())).isEqualTo("frank");
        assertThat(outbox.list(c.id(), 0, 100).items()).filteredOn(n -> n.recipient().equals("frank@contoso.example"))
                .singleElement().satisfies(n -> assertThat(n.body()).contains("owner assigned remediation case",
                        "in Fixline (The web team builds this image)"));
        assertThat(cases.timeline(c.id()).orElseThrow()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("OWNER_CHANGED");
            assertThat(e.actor()).isEqualTo("owner");
            assertThat(e.summary()).isEqualTo("Reassigned from owner (team payments) to frank (team web) by owner: "
                    + "The web team builds this image");
        });
        assertThat(http.withBasicAuth("auditor", "demo").getForObject("/api/cases/" + c.id() + "/ticket",
                JsonNode.class).at("/link/assignee").asText()).as("the ticket follows").isEqualTo("frank@contoso.example");
        assertThat(post("owner", c.id(), "fixed", Map.of()).getStatusCode().value()).as("no longer their team's")
                .isEqualTo(403);

        ResponseEntity<JsonNode> toTeam = post("manager", c.id(), "reassign", Map.of("team", "platform",
                "reason", "Base images belong to the platform team"));
        assertThat(toTeam.getStatusCode().value()).isEqualTo(200);
        assertThat(toTeam.getBody().path("owner").asText()).as("the team's owner as its rule names them")
                .isEqualTo("devops-oncall");
        assertThat(toTeam.getBody().path("team").asText()).isEqualTo("platform");
        assertThat(post("devops-oncall", c.id(), "fixed", Map.of()).getStatusCode().value()).isEqualTo(200);
    }

    /** Who sees and who acts on a case of team platform owned by cloud-ops, for every kind of user. */
    @Test
    void aCaseIsSeenAndWorkedByItsOwnerTeamAndManagerAndSeenByAuditors() throws Exception {
        CaseView c = openCase("High", "CVE-2030-1012", "librights");
        repository.setOwnership(c.id(), "cloud-ops", "platform", "manager", "test");

        Map<String, Integer> reads = new java.util.LinkedHashMap<>();
        for (String user : List.of("cloud-ops", "devops-oncall", "manager", "auditor", "admin", "owner", "frank",
                "security-lead")) {
            reads.put(user, http.withBasicAuth(user, "demo").getForEntity("/api/cases/" + c.id(), String.class)
                    .getStatusCode().value());
        }
        assertThat(reads).containsExactly(Map.entry("cloud-ops", 200), Map.entry("devops-oncall", 200),
                Map.entry("manager", 200), Map.entry("auditor", 200), Map.entry("admin", 200), Map.entry("owner", 404),
                Map.entry("frank", 404), Map.entry("security-lead", 404));
        assertThat(listed("owner", "CVE-2030-1012")).as("not in another team's list").isZero();
        assertThat(listed("devops-oncall", "CVE-2030-1012")).as("in the team's list").isOne();
        assertThat(listed("auditor", "CVE-2030-1012")).isOne();
        for (String path : List.of("/timeline", "/ticket", "/exceptions")) {
            assertThat(http.withBasicAuth("frank", "demo").getForEntity("/api/cases/" + c.id() + path, String.class)
                    .getStatusCode().value()).as(path).isEqualTo(404);
        }

        assertThat(post("auditor", c.id(), "fixed", Map.of()).getStatusCode().value()).as("auditors read only")
                .isEqualTo(403);
        assertThat(post("owner", c.id(), "fixed", Map.of()).getStatusCode().value()).isEqualTo(403);
        assertThat(post("devops-oncall", c.id(), "fixed", Map.of("comment", "rebuilt by the team"))
                .getStatusCode().value()).as("a member of its team").isEqualTo(200);
    }

    private long listed(String user, String cve) {
        JsonNode page = http.withBasicAuth(user, "demo").getForObject("/api/cases?cve=" + cve + "&size=50", JsonNode.class);
        long n = 0;
        for (JsonNode item : page.path("items")) {
            if (item.path("registryHost").asText().equals(rows.registryHost())) {
                n++;
            }
        }
        return n;
    }

    @Autowired org.camunda.bpm.engine.RepositoryService repositoryService;
    @Autowired org.camunda.bpm.engine.RuntimeService runtimeService;

    /**
     * Cases started before the SLA clock run on their own process version: one whose ticket asked for an
     * exception before the upgrade is decided by its manager, recorded and mailed as then, and pauses
     * nothing; a new request on it is refused by name.
     */
    @Test
    void aRequestInFlightOnTheEarlierProcessVersionIsDecidedByTheManagerAsBefore() throws Exception {
        repositoryService.createDeployment().name("remediation before the SLA clock")
                .addClasspathResource("legacy/remediation-before-sla-clock.bpmn").deploy();
        CaseView c;
        try {
            c = openCase("High", "CVE-2030-1010", "liblegacy");
        } finally {
            repositoryService.createDeployment().name("remediation").addClasspathResource("processes/remediation.bpmn")
                    .deploy();
        }
        assertThat(management.createJobQuery().processInstanceId(c.processInstanceId()).timers()
                .activityId(Activity.SLA_DUE.id()).count()).as("its timers on the owner's task, as then").isOne();
        runtimeService.createMessageCorrelation("ExceptionRequested").processInstanceId(c.processInstanceId())
                .setVariable("exceptionRequestedBy", "owner").setVariable("exceptionResolution", "Won't Do")
                .setVariable("exceptionRequestedAt", T0.toEpochMilli()).correlate();
        jobs.runDue(List.of(c.processInstanceId()));

        assertThat(post("owner", c.id(), "exception-requests", Map.of("reason", "again", "expiresAt",
                T0.plus(Duration.ofDays(5)).toString())).getStatusCode().value()).as("one waits").isEqualTo(409);
        assertThat(post("frank", c.id(), "exception-decision", Map.of("approved", false, "reason", "no"))
                .getStatusCode().value()).isEqualTo(403);
        assertThat(post("manager", c.id(), "exception-decision", Map.of("approved", false,
                "reason", "Fix it: the library is reachable")).getStatusCode().value()).isEqualTo(204);
        jobs.runDue(List.of(c.processInstanceId()));

        assertThat(cases.timeline(c.id()).orElseThrow()).filteredOn(e -> e.type().startsWith("EXCEPTION_"))
                .extracting(e -> e.type() + " by " + e.actor() + ": " + e.summary()).containsExactly(
                        "EXCEPTION_REQUESTED by owner: Exception requested (ticket resolved as 'Won't Do'); manager "
                                + "manager decides",
                        "EXCEPTION_REFUSED by manager: Exception refused: Fix it: the library is reachable");
        assertThat(notices(c)).contains("EXCEPTION_REQUESTED to manager@contoso.example",
                "EXCEPTION_REFUSED to owner@contoso.example");
        assertThat(get(c.id()).path("state").asText()).isEqualTo("OPEN");
        ResponseEntity<JsonNode> anew = post("owner", c.id(), "exception-requests", Map.of("reason", "again",
                "expiresAt", T0.plus(Duration.ofDays(5)).toString()));
        assertThat(anew.getStatusCode().value()).isEqualTo(409);
        assertThat(anew.getBody().path("detail").asText()).contains("earlier version of the remediation process");
    }

    // --- helpers

    private List<CaseView> casesOf(String cve) {
        return cases.list(new CaseQuery(null, null, null, null, null, cve), 0, 10).items().stream()
                .filter(v -> v.registryHost().equals(rows.registryHost())).toList();
    }

    /** A complete sweep of the case's registry, as of {@code scanned}, still showing the finding. */
    private void rescan(String cve, String pkg, Instant scanned, String fixed) throws Exception {
        ObjectNode body = json.createObjectNode();
        body.putArray("data").add(rows.row("app/" + pkg, "sha256:" + "a".repeat(64), T0.minus(Duration.ofDays(3)),
                scanned, cve, "High", rows.os("debian_linux_12"), pkg, "1.0.0-1", fixed));
        body.put("resultTruncated", "false");
        importer.importArgExport("rescan-" + UUID.randomUUID(), new ByteArrayInputStream(json.writeValueAsBytes(body)));
    }

    private CaseView openCase(String severity, String cve, String pkg) throws Exception {
        ObjectNode body = json.createObjectNode();
        body.putArray("data").add(rows.row("app/" + pkg, "sha256:" + "a".repeat(64), T0.minus(Duration.ofDays(3)),
                T0.minus(Duration.ofHours(1)), cve, severity, rows.os("debian_linux_12"), pkg, "1.0.0-1", "1.0.0-2"));
        body.put("resultTruncated", "false");
        importer.importArgExport("exceptions-" + UUID.randomUUID(), new ByteArrayInputStream(json.writeValueAsBytes(body)));
        dispatcher.dispatch();
        CaseView c = cases.list(new CaseQuery(null, null, null, null, null, cve), 0, 10).items().stream()
                .filter(v -> v.registryHost().equals(rows.registryHost())).findFirst().orElseThrow();
        repository.setOwnership(c.id(), "owner", "payments", "manager", "test");
        jobs.runDue(List.of(c.processInstanceId()));
        return cases.find(c.id()).orElseThrow();
    }

    /** A complete sweep of the case's registry, as of {@code scanned}, still showing the finding on {@code digest}. */
    private void sweep(Instant scanned, String digest) throws Exception {
        ObjectNode body = json.createObjectNode();
        body.putArray("data").add(rows.row("app/libclaim", digest, T0.minus(Duration.ofDays(3)), scanned,
                "CVE-2030-1005", "High", rows.os("debian_linux_12"), "libclaim", "1.0.0-1", "1.0.0-2"));
        body.put("resultTruncated", "false");
        importer.importArgExport("rescan-" + UUID.randomUUID(), new ByteArrayInputStream(json.writeValueAsBytes(body)));
    }

    private void request(CaseView c, Instant until) {
        ResponseEntity<JsonNode> answer = post("owner", c.id(), "exception-requests", Map.of("reason",
                "Vendor patch pending", "expiresAt", until.toString()));
        assertThat(answer.getStatusCode().value()).as(String.valueOf(answer.getBody())).isEqualTo(201);
        jobs.runDue(List.of(c.processInstanceId()));
    }

    private void decide(String approver, CaseView c, boolean approved) {
        assertThat(post(approver, c.id(), "exception-decision", Map.of("approved", approved,
                "reason", "Reviewed")).getStatusCode().value()).isEqualTo(204);
        jobs.runDue(List.of(c.processInstanceId()));
    }

    private void advance(CaseView c, Instant until) {
        try {
            jobs.advance(until, Duration.ofHours(6), () -> { }, () -> { }, List.of(c.processInstanceId()));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + jdbc.queryForList("SELECT HANDLER_CFG_, DUEDATE_, SUSPENSION_STATE_, RETRIES_, TYPE_, EXCEPTION_MSG_ "
                    + "FROM ACT_RU_JOB WHERE PROCESS_INSTANCE_ID_ = ?",
                    c.processInstanceId()), e);
        }
    }

    private Job slaTimer(CaseView c) {
        return management.createJobQuery().processInstanceId(c.processInstanceId()).timers()
                .activityId(Activity.SLA_DUE.id()).singleResult();
    }

    private long remediateTasks(CaseView c) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RU_TASK WHERE PROC_INST_ID_ = ? AND TASK_DEF_KEY_ = ?",
                Long.class, c.processInstanceId(), Activity.REMEDIATE.id());
    }

    private List<String> types(CaseView c) {
        return cases.timeline(c.id()).orElseThrow().stream().map(AuditEvent::type).toList();
    }

    private List<String> notices(CaseView c) {
        return outbox.list(c.id(), 0, 100).items().stream().map((SentNotification n) -> n.kind() + " to "
                + n.recipient()).toList();
    }

    private List<JsonNode> exceptions(String caseId) {
        JsonNode all = http.withBasicAuth("auditor", "demo").getForObject("/api/cases/" + caseId + "/exceptions",
                JsonNode.class);
        List<JsonNode> list = new java.util.ArrayList<>();
        all.forEach(list::add);
        return list;
    }

    private JsonNode get(String caseId) {
        return http.withBasicAuth("auditor", "demo").getForObject("/api/cases/" + caseId, JsonNode.class);
    }

    private static Duration duration(JsonNode node) {
        return node.isNumber() ? Duration.ofMillis(Math.round(node.asDouble() * 1000)) : Duration.parse(node.asText());
    }

    private ResponseEntity<JsonNode> post(String user, String caseId, String action, Map<String, ?> body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        try {
            return http.withBasicAuth(user, "demo").exchange("/api/cases/" + caseId + "/" + action, HttpMethod.POST,
                    new HttpEntity<>(json.writeValueAsString(body), headers), JsonNode.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
