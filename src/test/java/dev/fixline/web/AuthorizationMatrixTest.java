package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.ApplicationTest;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.remediation.CaseDispatcher;
import dev.fixline.remediation.CaseState;
import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.RemediationCases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every page and endpoint × every role, anonymous and a wrong password: the status each gets, in one table.
 * Any status other than the table's fails, and so does a route of the application the table does not name.
 * Actions go to a closed case, so that those allowed get 409 (or, on a page, a redirect back with the
 * problem) and nothing changes; those refused get 401, 403 or 404 (a case out of sight does not exist).
 */
@ApplicationTest
class AuthorizationMatrixTest {

    /** Who asks: no credentials; a wrong password; the demo users (owner: team payments). */
    static final List<String> WHO = List.of("anonymous", "wrong-password", "owner", "manager", "auditor", "admin");
    /** Past Fixline's security, to an application that answers for itself (Camunda's webapps). */
    static final int LET_THROUGH = 0;

    @LocalServerPort int port;
    @Autowired SweepImporter importer;
    @Autowired CaseDispatcher dispatcher;
    @Autowired RemediationCases cases;
    @Autowired ManagementService management;
    @Autowired ObjectMapper json;
    @Autowired SignInAttempts signInAttempts;
    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    /** Each user's session and the CSRF token of its forms. */
    final Map<String, String[]> sessions = new LinkedHashMap<>();
    CaseView open;
    CaseView closed;
    String findingId;
    String sweepId;

    /** One row: a request and the status each of {@link #WHO} gets. */
    record Row(String method, String path, String contentType, String body, int[] expected) {
    }

    @BeforeEach
    void arrange() throws Exception {
        UiCases arranged = new UiCases("matrix", json, importer, dispatcher, cases, management);
        List<CaseView> opened = arranged.open(arranged.row("CVE-2033-0001", "libopen", Instant.now().minus(Duration.ofDays(1))),
                arranged.row("CVE-2033-0002", "libclosed", Instant.now().minus(Duration.ofDays(1))));
        open = opened.get(0);
        closed = opened.get(1);
        cases.claimFalsePositive(closed.id(), "secops-triage", "Not in the image: the scanner read a stale layer");
        arranged.runJobs(closed);
        cases.decideFalsePositive(closed.id(), "admin", true, true, "Confirmed from the image's SBOM");
        arranged.runJobs(closed);
        assertThat(arranged.now(closed).state()).isEqualTo(CaseState.CLOSED);
        findingId = open.findingIds().get(0);
        HttpResponse<String> sweeps = send("GET", "/api/sweeps?size=1", null, null, "admin", false);
        sweepId = json.readTree(sweeps.body()).path("items").path(0).path("id").asText();
    }

    List<Row> table() {
        String c = "/api/cases/" + open.id();
        String x = "/api/cases/" + closed.id();
        String p = "/cases/" + closed.id();
        String json = "application/json";
        String form = "application/x-www-form-urlencoded";
        String reason = "{\"reason\":\"matrix\"}";
        List<Row> rows = new ArrayList<>(List.of(
                // --- the REST API: HTTP Basic; 401 without it ---
                row("GET", "/api/cases", 401, 401, 200, 200, 200, 200),
                row("GET", c, 401, 401, 404, 200, 200, 200),
                row("GET", c + "/timeline", 401, 401, 404, 200, 200, 200),
                row("GET", c + "/ticket", 401, 401, 404, 200, 200, 200),
                row("GET", c + "/exceptions", 401, 401, 404, 200, 200, 200),
                row("POST", x + "/fixed", json, "{}", 401, 401, 403, 409, 403, 409),
                row("POST", x + "/exception-requests", json, "{\"reason\":\"m\",\"expiresAt\":\"2099-01-01\"}",
                        401, 401, 403, 409, 403, 409),
                row("POST", x + "/exception-decision", json, "{\"approved\":true,\"reason\":\"m\"}",
                        401, 401, 403, 409, 403, 409),
                row("POST", x + "/exception-revocation", json, reason, 401, 401, 403, 409, 403, 409),
                row("POST", x + "/reassign", json, "{\"owner\":\"frank\",\"reason\":\"m\"}", 401, 401, 403, 409, 403, 409),
                row("POST", x + "/false-positive", json, reason, 401, 401, 403, 409, 403, 409),
                row("POST", x + "/false-positive-decision", json, "{\"approved\":true,\"reason\":\"m\"}",
                        401, 401, 403, 403, 403, 409),
                row("GET", "/api/findings", 401, 401, 200, 200, 200, 200),
                row("GET", "/api/findings/" + findingId, 401, 401, 404, 200, 200, 200),
                row("GET", "/api/sweeps", 401, 401, 200, 200, 200, 200),
                row("GET", "/api/sweeps/" + sweepId, 401, 401, 200, 200, 200, 200),
                // An empty export: refused as input by those who may import, before anything is applied.
                row("POST", "/api/sweeps", json, "", 401, 401, 403, 400, 403, 400),
                row("POST", "/api/sweeps", "text/csv", "", 401, 401, 403, 400, 403, 400),
                row("POST", "/api/sweeps", "multipart/form-data; boundary=b", "--b--\r\n", 401, 401, 403, 400, 403, 400),
                row("POST", "/api/sweeps/arg", json, "", 401, 401, 403, 403, 403, 409),
                row("POST", "/api/sweeps/" + sweepId + "/withdrawal", json, "{}", 401, 401, 403, 403, 403, 400),
                row("GET", "/api/ownership/rules", 401, 401, 200, 200, 200, 200),
                row("GET", "/api/ownership/resolve?registry=r.azurecr.io&repository=a", 401, 401, 200, 200, 200, 200),
                row("GET", "/api/notifications", 401, 401, 200, 200, 200, 200),
                row("GET", "/api/audit/verify", 401, 401, 403, 403, 200, 200),
                row("GET", "/api/audit/export?from=2026-01-01&to=2026-01-02", 401, 401, 403, 403, 200, 200),
                row("GET", "/api/reports/sla", 401, 401, 403, 200, 200, 200),
                row("GET", "/api/reports/sla.csv", 401, 401, 403, 200, 200, 200),
                row("POST", "/api/tickets/reconciliation", json, "", 401, 401, 403, 403, 403, 409),
                // Jira signs its webhooks instead of signing in; without Jira configured there is none.
                // (Basic credentials that are wrong are refused wherever they are sent, public paths too.)
                row("POST", "/api/webhooks/jira", json, "{}", 404, 401, 404, 404, 404, 404),
                row("GET", "/v3/api-docs", 401, 401, 200, 200, 200, 200),
                row("GET", "/v3/api-docs.yaml", 401, 401, 200, 200, 200, 200),
                row("GET", "/actuator/health", 200, 401, 200, 200, 200, 200),
                row("GET", "/actuator/metrics", 401, 401, 403, 403, 403, 200),
                row("GET", "/engine-rest/engine", 401, 401, 403, 403, 403, 200),
                // --- the pages: a login form for the anonymous; Basic still works for scripts. A form posted
                // without a session's CSRF token is refused (403) before anyone is signed in. ---
                row("GET", "/", 302, 401, 302, 302, 302, 302),
                row("GET", "/login", 200, 401, 302, 302, 302, 302),
                row("GET", "/css/fixline.css", 200, 401, 200, 200, 200, 200),
                row("GET", "/js/case-process.js", 200, 401, 200, 200, 200, 200),
                row("GET", "/cases", 302, 401, 200, 200, 200, 200),
                row("GET", "/cases/" + open.id(), 302, 401, 404, 200, 200, 200),
                row("GET", "/processes/remediation.bpmn", 302, 401, 200, 200, 200, 200),
                row("POST", p + "/fixed", form, "comment=m", 403, 403, 404, 302, 403, 302),
                row("POST", p + "/exception-request", form, "reason=m&expiresAt=2099-01-01", 403, 403, 404, 302, 403, 302),
                row("POST", p + "/false-positive", form, "reason=m", 403, 403, 404, 302, 403, 302),
                row("POST", p + "/reassign", form, "owner=frank&reason=m", 403, 403, 404, 302, 403, 302),
                row("POST", p + "/exception-revocation", form, "reason=m", 403, 403, 404, 302, 403, 302),
                row("POST", p + "/exception-decision", form, "decision=approve&reason=m", 403, 403, 404, 302, 403, 302),
                row("POST", p + "/false-positive-decision", form, "decision=confirm&reason=m", 403, 403, 404, 403, 403, 302),
                row("GET", "/manager", 302, 401, 403, 200, 200, 200),
                row("POST", "/manager/exception-requests/" + closed.id(), form, "decision=approve&reason=m",
                        403, 403, 403, 302, 403, 302),
                row("POST", "/manager/false-positive-claims/" + closed.id(), form, "decision=confirm&reason=m",
                        403, 403, 403, 302, 403, 302),
                row("GET", "/audit", 302, 401, 403, 200, 200, 200),
                row("GET", "/reports/sla-history", 302, 401, 403, 200, 200, 200),
                row("GET", "/audit/export?format=csv", 302, 401, 403, 200, 200, 200),
                row("GET", "/sweeps", 302, 401, 200, 200, 200, 200),
                row("GET", "/sweeps/" + sweepId, 302, 401, 200, 200, 200, 200),
                row("POST", "/sweeps/upload", "multipart/form-data; boundary=b", "--b--\r\n", 403, 403, 403, 302, 403, 302),
                row("POST", "/sweeps/arg", form, "", 403, 403, 403, 403, 403, 302),
                // Camunda's own apps, behind their own sign-in: for administrators alone, whatever the apps answer.
                row("GET", "/camunda/app/cockpit/default/", 302, 401, 403, 403, 403, LET_THROUGH)));
        return rows;
    }

    @Test
    void everyPageAndEndpointAnswersEveryoneAsTheTableSays() throws Exception {
        List<String> unexpected = new ArrayList<>();
        for (Row row : table()) {
            for (int i = 0; i < WHO.size(); i++) {
                HttpResponse<String> answer = send(row.method(), row.path(), row.contentType(), row.body(), WHO.get(i),
                        true);
                if (WHO.get(i).equals("wrong-password")) {
                    // The table tests who may do what, not the limit on wrong passwords (SignInLimitTest does).
                    signInAttempts.forgetAll();
                }
                if (row.expected()[i] == LET_THROUGH) {
                    boolean stopped = answer.statusCode() == 401 || answer.statusCode() == 403
                            || answer.headers().firstValue("Location").orElse("").endsWith("/login");
                    if (stopped) {
                        unexpected.add(row.method() + " " + row.path() + " as " + WHO.get(i) + ": stopped with "
                                + answer.statusCode());
                    }
                } else if (answer.statusCode() != row.expected()[i]) {
                    unexpected.add(row.method() + " " + row.path() + " as " + WHO.get(i) + ": " + answer.statusCode()
                            + ", expected " + row.expected()[i]);
                } else if (answer.statusCode() == 302) {
                    // The anonymous are sent to sign in; the signed-in never are.
                    String to = URI.create(answer.headers().firstValue("Location").orElse("")).getPath();
                    if (WHO.get(i).equals("anonymous") != "/login".equals(to)) {
                        unexpected.add(row.method() + " " + row.path() + " as " + WHO.get(i) + ": sent to " + to);
                    }
                }
            }
        }
        assertThat(unexpected).as("statuses other than the table's").isEmpty();
        assertThat(cases.find(closed.id()).orElseThrow().state()).as("nothing changed").isEqualTo(CaseState.CLOSED);
    }

    @Test
    void theTableNamesEveryRouteOfTheApplication() {
        Set<String> named = new LinkedHashSet<>();
        for (Row row : table()) {
            named.add(row.method() + " " + shape(row.path()));
        }
        List<String> missing = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<String> methods = new LinkedHashSet<>();
            info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
            if (methods.isEmpty()) {
                methods.add("GET");
            }
            for (String pattern : info.getPatternValues()) {
                for (String method : methods) {
                    String route = method + " " + pattern.replaceAll("\\{[^}]+}", "*");
                    if (!pattern.equals("/error") && !named.contains(route)) {
                        missing.add(route);
                    }
                }
            }
        }
        assertThat(missing).as("routes the authorization matrix does not test").isEmpty();
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefusedEvenForThoseWhoMayUseIt() throws Exception {
        HttpResponse<String> answer = send("POST", "/cases/" + closed.id() + "/fixed",
                "application/x-www-form-urlencoded", "comment=m", "manager", false);
        assertThat(answer.statusCode()).isEqualTo(403);
        HttpResponse<String> upload = send("POST", "/sweeps/upload", "multipart/form-data; boundary=b", "--b--\r\n",
                "admin", false);
        assertThat(upload.statusCode()).isEqualTo(403);
    }

    private static boolean page(String path) {
        return !(path.startsWith("/api") || path.startsWith("/v3") || path.startsWith("/actuator")
                || path.startsWith("/engine-rest"));
    }

    /** A row's path as the application's route: ids become {@code *}, the query is left out. */
    private String shape(String path) {
        String route = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        for (String id : List.of(open.id(), closed.id(), findingId, sweepId)) {
            route = route.replace(id, "*");
        }
        return route;
    }

    private static Row row(String method, String path, int... expected) {
        return new Row(method, path, null, null, expected);
    }

    private static Row row(String method, String path, String contentType, String body, int... expected) {
        assertThat(expected).as(method + " " + path).hasSize(WHO.size());
        return new Row(method, path, contentType, body, expected);
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body, String who,
                                      boolean withCsrf) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", page(path) ? "text/html" : "application/json, */*;q=0.8");
        boolean form = "POST".equals(method) && page(path);
        String target = path;
        if (!who.equals("anonymous")) {
            request.header("Authorization", basic(who.equals("wrong-password") ? "manager" : who,
                    who.equals("wrong-password") ? "not-the-password" : "demo"));
        }
        if (form && withCsrf && !who.equals("anonymous") && !who.equals("wrong-password")) {
            String[] session = session(who);
            request.header("Cookie", "JSESSIONID=" + session[0]);
            target = path + (path.contains("?") ? "&" : "?") + "_csrf=" + session[1];
            request.uri(URI.create("http://localhost:" + port + target));
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A session of the user and its CSRF token, as a signed-in browser holds them. */
    private String[] session(String who) throws IOException, InterruptedException {
        String[] known = sessions.get(who);
        if (known != null) {
            return known;
        }
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sweeps"))
                .header("Authorization", basic(who, "demo")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher cookie = Pattern.compile("JSESSIONID=([^;]+)").matcher(String.join(";",
                page.headers().allValues("Set-Cookie")));
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(cookie.find()).as("a session for " + who).isTrue();
        assertThat(token.find()).as("a CSRF token in the sign-out form of " + who).isTrue();
        String[] session = {cookie.group(1), token.group(1)};
        sessions.put(who, session);
        return session;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
