package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.ApplicationTest;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.remediation.CaseDispatcher;
import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.RemediationCases;
import dev.fixline.web.PlatformCases.Before;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * Who may do what to a case, for every action and every kind of user, as issue 13 says: the case's owner,
 * members of its team, its manager and administrators act, everyone else gets 403 problem+json saying who
 * may; decisions are for approvers only, never for the person who asked; reads are scoped like that, with
 * auditors and administrators seeing everything, and a case or finding out of sight is 404. A state that
 * does not allow an action is 409 for those who may act, and still 403 for those who may not. A refused
 * action changes nothing: neither the case, nor its timeline, exceptions or waiting tasks.
 *
 * <p>The tables below are written from those rules, not from what the code answers. The case is a High
 * one of team platform (see {@link PlatformCases}); its request or claim, when it has one, is its owner's.
 */
@ApplicationTest
class CaseRightsMatrixTest {

    /** The kinds of user, as the demo users are to a case of team platform managed by manager. */
    enum Kind {
        OWNER("cloud-ops"),
        TEAM_MEMBER("devops-oncall"),
        MANAGER("manager"),
        OTHER_TEAMS_OWNER("frank"),
        OTHER_TEAMS_MANAGER("web-manager"),
        AUDITOR("auditor"),
        ADMIN("admin"),
        SECURITY_APPROVER("security-lead");

        final String user;

        Kind(String user) {
            this.user = user;
        }
    }

    /** Every action on a case, the state it needs, and its body. */
    enum Action {
        FIXED("fixed", Before.OPEN, Map.of("comment", "Rebuilt")),
        EXCEPTION_REQUEST("exception-requests", Before.OPEN, null),
        FALSE_POSITIVE("false-positive", Before.OPEN, Map.of("reason", "Only in the build stage")),
        REASSIGN("reassign", Before.OPEN, Map.of("owner", "frank", "team", "web", "reason", "The web team builds it")),
        EXCEPTION_REVOCATION("exception-revocation", Before.EXCEPTION_RUNNING, Map.of("reason", "Exposed after all")),
        EXCEPTION_DECISION("exception-decision", Before.EXCEPTION_REQUESTED, PlatformCases.decision()),
        FALSE_POSITIVE_DECISION("false-positive-decision", Before.FALSE_POSITIVE_CLAIMED, PlatformCases.decision());

        final String path;
        final Before before;
        private final Map<String, Object> body;

        Action(String path, Before before, Map<String, Object> body) {
            this.path = path;
            this.before = before;
            this.body = body;
        }

        Map<String, Object> body() {
            return body != null ? body : PlatformCases.exceptionRequest();
        }
    }

    /** What each kind of user observes, in the order of {@link Kind}. */
    static final Map<Action, List<Integer>> EXPECTED = new EnumMap<>(Map.of(
            //                                   owner team  mgr  other-o other-m auditor admin approver
            Action.FIXED, List.of(               200,  200,  200, 403,    403,    403,    200,  403),
            Action.EXCEPTION_REQUEST, List.of(   201,  201,  201, 403,    403,    403,    201,  403),
            Action.FALSE_POSITIVE, List.of(      202,  202,  202, 403,    403,    403,    202,  403),
            Action.REASSIGN, List.of(            200,  200,  200, 403,    403,    403,    200,  403),
            Action.EXCEPTION_REVOCATION, List.of(200,  200,  200, 403,    403,    403,    200,  403),
            // The owner asked: only the manager (a High case's approver) and an administrator decide.
            Action.EXCEPTION_DECISION, List.of(  403,  403,  204, 403,    403,    403,    204,  403),
            // The owner claimed: only the security approvers and an administrator decide.
            Action.FALSE_POSITIVE_DECISION, List.of(403, 403, 403, 403,   403,    403,    204,  204)));

    /** Reads: 200 for those who see the case (and its finding), 404 for the others. */
    static final List<Integer> READS = List.of(200, 200, 200, 404, 404, 200, 200, 404);

    @Autowired TestRestTemplate http;
    @Autowired SweepImporter importer;
    @Autowired CaseDispatcher dispatcher;
    @Autowired RemediationCases cases;
    @Autowired ManagementService management;
    @Autowired TaskService tasks;
    @Autowired ObjectMapper json;

    PlatformCases platform;

    @BeforeEach
    void platformCases() {
        platform = new PlatformCases(http, importer, dispatcher, cases, management, tasks, json);
    }

    @ParameterizedTest
    @EnumSource(Action.class)
    void everyKindOfUserObservesWhatTheRulesSay(Action action) {
        Map<Kind, Integer> observed = new EnumMap<>(Kind.class);
        List<String> problems = new ArrayList<>();
        CaseView c = platform.open(action.before);
        for (Kind kind : Kind.values()) {
            PlatformCases.Snapshot before = platform.snapshot(c);
            ResponseEntity<JsonNode> answer = platform.call(kind.user, HttpMethod.POST, c, action.path, action.body());
            observed.put(kind, answer.getStatusCode().value());
            if (answer.getStatusCode().is2xxSuccessful()) {
                c = platform.open(action.before); // the next user needs the case as it was
            } else {
                problems.addAll(refusal(kind + " " + action, answer, reason(action, kind)));
                problems.addAll(unchanged(kind + " " + action, before, platform.snapshot(c)));
            }
        }
        assertThat(observed).as(action.path).isEqualTo(expected(EXPECTED.get(action)));
        assertThat(problems).isEmpty();
    }

    @Test
    void readsAreScopedToTheCasesTeamItsManagerAuditorsAndAdministrators() {
        CaseView c = platform.open(Before.EXCEPTION_REQUESTED);
        String finding = c.findingIds().get(0);
        Map<String, Map<Kind, Integer>> observed = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (String read : List.of("", "/timeline", "/exceptions", "/ticket")) {
                ResponseEntity<JsonNode> answer = platform.call(kind.user, HttpMethod.GET, "/api/cases/" + c.id() + read,
                        null);
                observed.computeIfAbsent("GET case" + read, k -> new EnumMap<>(Kind.class))
                        .put(kind, answer.getStatusCode().value());
                if (answer.getStatusCode().value() == 404) {
                    problems.addAll(refusal(kind + " GET case" + read, answer, "Case " + c.id() + " does not exist"));
                }
            }
            ResponseEntity<JsonNode> one = platform.call(kind.user, HttpMethod.GET, "/api/findings/" + finding, null);
            observed.computeIfAbsent("GET finding", k -> new EnumMap<>(Kind.class)).put(kind, one.getStatusCode().value());
            if (one.getStatusCode().value() == 404) {
                problems.addAll(refusal(kind + " GET finding", one, "Finding " + finding + " does not exist"));
            }
            observed.computeIfAbsent("listed among cases", k -> new EnumMap<>(Kind.class))
                    .put(kind, listed(kind.user, "/api/cases?repository=" + c.repository(), c.id()));
            observed.computeIfAbsent("listed among findings", k -> new EnumMap<>(Kind.class))
                    .put(kind, listed(kind.user, "/api/findings?repository=" + c.repository(), finding));
        }
        Map<String, Map<Kind, Integer>> expected = new LinkedHashMap<>();
        for (String read : List.of("GET case", "GET case/timeline", "GET case/exceptions", "GET case/ticket",
                "GET finding", "listed among cases", "listed among findings")) {
            expected.put(read, expected(READS));
        }
        assertThat(observed).isEqualTo(expected);
        assertThat(problems).isEmpty();
    }

    /**
     * The one who asked never decides, whoever they are: when the manager asks, the security approvers
     * decide; an administrator's own request or claim is someone else's to decide.
     */
    @Test
    void nobodyDecidesTheirOwnRequestOrClaim() {
        CaseView byManager = platform.open(Before.OPEN);
        platform.requestException(byManager, "manager");
        CaseView byAdmin = platform.open(Before.OPEN);
        platform.requestException(byAdmin, "admin");
        CaseView claimedByAdmin = platform.open(Before.OPEN);
        platform.claimFalsePositive(claimedByAdmin, "admin");

        List<String> problems = new ArrayList<>();
        problems.addAll(refusedAndUnchanged("manager", byManager, "exception-decision",
                "manager asked for this exception and may not decide it"));
        problems.addAll(refusedAndUnchanged("admin", byAdmin, "exception-decision",
                "admin asked for this exception and may not decide it"));
        problems.addAll(refusedAndUnchanged("admin", claimedByAdmin, "false-positive-decision",
                "admin claimed this false positive and may not decide it"));
        assertThat(problems).isEmpty();

        assertThat(status("security-lead", byManager, "exception-decision", PlatformCases.decision()))
                .as("the manager asked: the security approvers decide").isEqualTo(204);
        assertThat(status("manager", byAdmin, "exception-decision", PlatformCases.decision())).isEqualTo(204);
        assertThat(status("security-lead", claimedByAdmin, "false-positive-decision", PlatformCases.decision()))
                .isEqualTo(204);
    }

    /**
     * An approver outside the case's team reads it while a decision on it waits for them (the mail asking them
     * links it), and not before or after.
     */
    @Test
    void anApproverReadsACaseOnlyWhileADecisionOnItWaitsForThem() {
        CaseView c = platform.open(Before.OPEN);
        assertThat(platform.call("security-lead", HttpMethod.GET, c, "", null).getStatusCode().value())
                .as("nothing waits for them").isEqualTo(404);

        platform.claimFalsePositive(c, "cloud-ops");
        assertThat(platform.call("security-lead", HttpMethod.GET, c, "", null).getStatusCode().value())
                .as("a claim waits for their decision").isEqualTo(200);
        assertThat(platform.call("security-lead", HttpMethod.GET, c, "timeline", null).getStatusCode().value())
                .isEqualTo(200);
        assertThat(platform.call("frank", HttpMethod.GET, c, "", null).getStatusCode().value())
                .as("not for others").isEqualTo(404);

        assertThat(status("security-lead", c, "false-positive-decision", Map.of("approved", false, "reason",
                "The scanner is right: the package is in the image"))).isEqualTo(204);
        assertThat(platform.call("security-lead", HttpMethod.GET, c, "", null).getStatusCode().value())
                .as("decided: out of sight again").isEqualTo(404);
    }

    /** 409 for those who may act, when the case's state does not allow the action; 403 still for the others. */
    @Test
    void aStateThatDoesNotAllowAnActionIs409ForThoseWhoMayAnd403ForTheOthers() {
        CaseView awaiting = platform.open(Before.AWAITING_VERIFICATION);
        CaseView closed = platform.open(Before.CLOSED);
        Map<String, Integer> observed = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        record Attempt(String user, CaseView c, Action action, int expected) {
        }
        List<Attempt> attempts = List.of(
                new Attempt("cloud-ops", awaiting, Action.FIXED, 409),
                new Attempt("frank", awaiting, Action.FIXED, 403),
                new Attempt("devops-oncall", awaiting, Action.EXCEPTION_REQUEST, 409),
                new Attempt("manager", awaiting, Action.FALSE_POSITIVE, 409),
                new Attempt("admin", awaiting, Action.EXCEPTION_REVOCATION, 409),
                new Attempt("auditor", awaiting, Action.EXCEPTION_REVOCATION, 403),
                new Attempt("manager", awaiting, Action.EXCEPTION_DECISION, 409),
                new Attempt("admin", awaiting, Action.EXCEPTION_DECISION, 409),
                new Attempt("web-manager", awaiting, Action.EXCEPTION_DECISION, 403),
                new Attempt("security-lead", awaiting, Action.FALSE_POSITIVE_DECISION, 409),
                new Attempt("manager", awaiting, Action.FALSE_POSITIVE_DECISION, 403),
                new Attempt("cloud-ops", closed, Action.REASSIGN, 409),
                new Attempt("devops-oncall", closed, Action.FIXED, 409),
                new Attempt("frank", closed, Action.REASSIGN, 403));
        for (Attempt a : attempts) {
            String name = a.user() + " " + a.action() + " on a case " + a.c().state();
            PlatformCases.Snapshot before = platform.snapshot(a.c());
            ResponseEntity<JsonNode> answer = platform.call(a.user(), HttpMethod.POST, a.c(), a.action().path,
                    a.action().body());
            observed.put(name, answer.getStatusCode().value());
            problems.addAll(refusal(name, answer, a.expected() == 409 ? a.c().id() : switch (a.action()) {
                case EXCEPTION_DECISION, FALSE_POSITIVE_DECISION -> "not " + a.user();
                default -> "only the case's owner cloud-ops";
            }));
            problems.addAll(unchanged(name, before, platform.snapshot(a.c())));
        }
        Map<String, Integer> expected = new LinkedHashMap<>();
        attempts.forEach(a -> expected.put(a.user() + " " + a.action() + " on a case " + a.c().state(), a.expected()));
        assertThat(observed).isEqualTo(expected);
        assertThat(problems).isEmpty();
    }

    // --- what a refusal says

    /** The words a 403 must contain: the rule the user did not meet. */
    private static String reason(Action action, Kind kind) {
        return switch (action) {
            case EXCEPTION_DECISION -> kind == Kind.OWNER ? "cloud-ops asked for this exception and may not decide it"
                    : "is decided by manager, not " + kind.user;
            case FALSE_POSITIVE_DECISION -> kind == Kind.OWNER
                    ? "cloud-ops claimed this false positive and may not decide it"
                    : "a false positive is decided by security-lead, not " + kind.user;
            default -> "only the case's owner cloud-ops, members of its team platform, its manager manager or an "
                    + "administrator may";
        };
    }

    /** Problems of a refusal: it must be problem+json whose detail says why. */
    private static List<String> refusal(String name, ResponseEntity<JsonNode> answer, String because) {
        List<String> problems = new ArrayList<>();
        String type = String.valueOf(answer.getHeaders().getContentType());
        if (!type.startsWith("application/problem+json")) {
            problems.add(name + ": answered " + type + ", not problem+json");
        }
        String detail = answer.getBody() == null ? "" : answer.getBody().path("detail").asText();
        if (!detail.contains(because)) {
            problems.add(name + ": the detail '" + detail + "' does not say '" + because + "'");
        }
        return problems;
    }

    private static List<String> unchanged(String name, PlatformCases.Snapshot before, PlatformCases.Snapshot after) {
        return before.equals(after) ? List.of() : List.of(name + " changed the case: " + before + " became " + after);
    }

    private List<String> refusedAndUnchanged(String user, CaseView c, String action, String because) {
        PlatformCases.Snapshot before = platform.snapshot(c);
        ResponseEntity<JsonNode> answer = platform.call(user, HttpMethod.POST, c, action, PlatformCases.decision());
        List<String> problems = new ArrayList<>();
        if (answer.getStatusCode().value() != 403) {
            problems.add(user + " " + action + ": " + answer.getStatusCode().value() + ", not 403");
        }
        problems.addAll(refusal(user + " " + action, answer, because));
        problems.addAll(unchanged(user + " " + action, before, platform.snapshot(c)));
        return problems;
    }

    private int status(String user, CaseView c, String action, Map<String, ?> body) {
        return platform.call(user, HttpMethod.POST, c, action, body).getStatusCode().value();
    }

    /** 200 when the item is in the user's list, whose total counts it; 404 when neither lists or counts it. */
    private int listed(String user, String path, String id) {
        JsonNode page = platform.call(user, HttpMethod.GET, path, null).getBody();
        boolean listed = false;
        for (JsonNode item : page.path("items")) {
            listed |= item.path("id").asText().equals(id);
        }
        long total = page.path("total").asLong();
        if (listed && total == 1) {
            return 200;
        }
        return !listed && total == 0 ? 404 : -1;
    }

    private static Map<Kind, Integer> expected(List<Integer> row) {
        Map<Kind, Integer> expected = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            expected.put(kind, row.get(kind.ordinal()));
        }
        return expected;
    }
}
