package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.AwsRows;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.remediation.CaseDispatcher;
import dev.fixline.remediation.CaseQuery;
import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.RemediationCases;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Cases of team platform, arranged through the real paths (a sweep, the dispatcher, the engine's jobs and
 * the API) in the state an action needs, and the API as each demo user calls it. Their images are Amazon
 * ECR images of AWS account 111122223333, which the sample rule {@code aws-shop} gives to team platform
 * (owner cloud-ops, manager manager), so their findings are platform's too; in a registry of their own
 * (see {@link AwsRows}), each case in a repository of its own.
 */
final class PlatformCases {

    /** What a case is before an action: the state the action needs. */
    enum Before {
        OPEN, EXCEPTION_REQUESTED, EXCEPTION_RUNNING, FALSE_POSITIVE_CLAIMED, AWAITING_VERIFICATION, CLOSED
    }

    /** What the user observes of a case, as an administrator reads it: a refused action changes none of it. */
    record Snapshot(JsonNode caseState, List<String> timeline, List<String> exceptions, List<String> tasks) {
    }

    private final TestRestTemplate http;
    private final SweepImporter importer;
    private final CaseDispatcher dispatcher;
    private final RemediationCases cases;
    private final ManagementService management;
    private final TaskService tasks;
    private final ObjectMapper json;
    private final AwsRows rows;

    PlatformCases(TestRestTemplate http, SweepImporter importer, CaseDispatcher dispatcher, RemediationCases cases,
                  ManagementService management, TaskService tasks, ObjectMapper json) {
        this.http = http;
        this.importer = importer;
        this.dispatcher = dispatcher;
        this.cases = cases;
        this.management = management;
        this.tasks = tasks;
        this.json = json;
        this.rows = new AwsRows(json);
    }

    /** A High case of team platform, in the state given, with its steps run. */
    CaseView open(Before before) {
        CaseView c = started("High");
        switch (before) {
            case OPEN -> { }
            case EXCEPTION_REQUESTED -> requestException(c, "cloud-ops");
            case EXCEPTION_RUNNING -> {
                requestException(c, "cloud-ops");
                succeed(call("manager", HttpMethod.POST, c, "exception-decision", decision()));
            }
            case FALSE_POSITIVE_CLAIMED -> claimFalsePositive(c, "cloud-ops");
            case AWAITING_VERIFICATION -> succeed(call("cloud-ops", HttpMethod.POST, c, "fixed", Map.of()));
            case CLOSED -> {
                claimFalsePositive(c, "cloud-ops");
                succeed(call("security-lead", HttpMethod.POST, c, "false-positive-decision", decision()));
            }
        }
        runJobs(c);
        CaseView now = cases.find(c.id()).orElseThrow();
        assertThat(now.state().name()).as("arranged " + before).isEqualTo(switch (before) {
            case OPEN, EXCEPTION_REQUESTED, FALSE_POSITIVE_CLAIMED -> "OPEN";
            case EXCEPTION_RUNNING -> "EXCEPTION";
            case AWAITING_VERIFICATION -> "AWAITING_VERIFICATION";
            case CLOSED -> "CLOSED";
        });
        return now;
    }

    void requestException(CaseView c, String requester) {
        succeed(call(requester, HttpMethod.POST, c, "exception-requests", exceptionRequest()));
        runJobs(c);
    }

    void claimFalsePositive(CaseView c, String claimant) {
        succeed(call(claimant, HttpMethod.POST, c, "false-positive", Map.of("reason", "Only in the build stage")));
        runJobs(c);
    }

    /** A new case, started and with its owner: opened by a sweep of its own repository, assigned by the rules. */
    private CaseView started(String severity) {
        String repository = "rights-" + UUID.randomUUID().toString().substring(0, 8) + "/api";
        Instant scanned = Instant.now();
        // Partial: the sweep opens this case's finding and says nothing of the other cases' repositories.
        importer.importArgExport("rights", new ByteArrayInputStream(rows.export(true, rows.row(repository,
                "CVE-2032-4242", severity, "librights", scanned.minus(Duration.ofDays(1)), scanned))));
        dispatcher.dispatch();
        CaseView c = cases.list(new CaseQuery(null, null, null, null, repository, null), 0, 10).items().stream()
                .filter(v -> v.registryHost().equals(rows.registryHost())).findFirst().orElseThrow();
        runJobs(c);
        CaseView assigned = cases.find(c.id()).orElseThrow();
        assertThat(List.of(assigned.owner(), assigned.team(), assigned.manager(), assigned.ownershipRule()))
                .as("assigned by rule aws-shop").containsExactly("cloud-ops", "platform", "manager", "aws-shop");
        return assigned;
    }

    // --- the API as a user calls it

    ResponseEntity<JsonNode> call(String user, HttpMethod method, CaseView c, String action, Map<String, ?> body) {
        return call(user, method, "/api/cases/" + c.id() + (action.isEmpty() ? "" : "/" + action), body);
    }

    ResponseEntity<JsonNode> call(String user, HttpMethod method, String path, Map<String, ?> body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        try {
            return http.withBasicAuth(user, "demo").exchange(path, method,
                    new HttpEntity<>(body == null ? null : json.writeValueAsString(body), headers), JsonNode.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> exceptionRequest() {
        return Map.of("reason", "Vendor patch pending", "expiresAt", Instant.now().plus(Duration.ofDays(10)).toString());
    }

    static Map<String, Object> decision() {
        return Map.of("approved", true, "reason", "Reviewed");
    }

    private static void succeed(ResponseEntity<JsonNode> answer) {
        assertThat(answer.getStatusCode().is2xxSuccessful()).as(String.valueOf(answer.getBody())).isTrue();
    }

    // --- what an administrator observes of the case

    Snapshot snapshot(CaseView c) {
        JsonNode view = call("admin", HttpMethod.GET, c, "", null).getBody();
        ObjectNode state = json.createObjectNode();
        for (String field : List.of("state", "resolution", "owner", "team", "manager", "dueAt", "pausedSince")) {
            state.set(field, view.path(field));
        }
        state.set("exception", view.path("exception").path("state"));
        List<String> timeline = new ArrayList<>();
        call("admin", HttpMethod.GET, c, "timeline", null).getBody()
                .forEach(e -> timeline.add(e.path("type").asText() + " by " + e.path("actor").asText()));
        List<String> exceptions = new ArrayList<>();
        call("admin", HttpMethod.GET, c, "exceptions", null).getBody()
                .forEach(e -> exceptions.add(e.path("id").asText() + " " + e.path("state").asText()));
        List<String> waiting = tasks.createTaskQuery().processInstanceId(c.processInstanceId()).list().stream()
                .map(t -> t.getTaskDefinitionKey() + " for " + t.getAssignee()).sorted().toList();
        return new Snapshot(state, timeline, exceptions, waiting);
    }

    /** What the job executor does: the case's asynchronous steps that are due, until none is left. */
    void runJobs(CaseView c) {
        for (int round = 0; round < 20; round++) {
            List<Job> due = management.createJobQuery().processInstanceId(c.processInstanceId()).messages()
                    .withRetriesLeft().list().stream()
                    .filter(j -> j.getDuedate() == null || !j.getDuedate().after(new Date())).toList();
            if (due.isEmpty()) {
                return;
            }
            for (Job job : due) {
                try {
                    management.executeJob(job.getId());
                } catch (ProcessEngineException failed) {
                    // recorded on the job, as the job executor would leave it
                }
            }
        }
    }
}
