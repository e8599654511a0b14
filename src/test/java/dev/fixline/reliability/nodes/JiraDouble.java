package dev.fixline.reliability.nodes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jira Cloud as both nodes see it: a WireMock server in the test JVM that keeps what was created, so
 * that a node that finds a create's outcome unknown (its sender was killed) finds the ticket by its
 * fingerprint label, and a node that looks for a comment's marker finds the comment. Issues are
 * numbered {@code SEC-1}, {@code SEC-2}, … with ids {@code 10001}, {@code 10002}, …
 */
final class JiraDouble implements AutoCloseable {

    static final String SECRET = "two-nodes-webhook-secret";
    static final String BOT = "5b10ac8d82e05b22cc7d0001";
    /** The account of the fallback owner, secops-triage, as Jira knows it. */
    static final String OWNER_ACCOUNT = "5b10ac8d82e05b22cc7d4ef5";
    static final String OWNER_EMAIL = "secops-triage@contoso.example";
    private static final String API = "/rest/api/3";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ISSUE_PATH = Pattern.compile(API + "/issue/([^/?]+)(/(comment|transitions))?");
    private static final Pattern MARKER = Pattern.compile("fixline-event:[^\"\\\\]+");
    private static final Pattern LABEL_IN_JQL = Pattern.compile("labels = \"([^\"]+)\"");

    private final Issues issues = new Issues();
    private final WireMockServer server;

    JiraDouble() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().extensions(issues));
        server.start();
        server.stubFor(get(urlPathEqualTo(API + "/myself")).willReturn(okJson(
                "{\"accountId\":\"" + BOT + "\",\"displayName\":\"Fixline\",\"active\":true}")));
        // Owners are not found by mail (tickets stay unassigned, with a comment); the webhook's actor is.
        server.stubFor(get(urlPathEqualTo(API + "/user/search")).willReturn(okJson("[]")));
        server.stubFor(get(urlPathEqualTo(API + "/user")).willReturn(okJson("{\"accountId\":\"" + OWNER_ACCOUNT
                + "\",\"emailAddress\":\"" + OWNER_EMAIL + "\",\"displayName\":\"SecOps Triage\",\"active\":true}")));
        server.stubFor(put(urlPathMatching(API + "/issue/[^/]+")).willReturn(aResponse().withStatus(204)));
        server.stubFor(get(urlPathMatching(API + "/issue/[^/]+/transitions")).willReturn(okJson("""
                {"transitions":[
                  {"id":"21","name":"In Progress","to":{"name":"In Progress","statusCategory":{"key":"indeterminate"}}},
                  {"id":"31","name":"Done","to":{"name":"Done","statusCategory":{"key":"done"}}},
                  {"id":"41","name":"Reopen","to":{"name":"To Do","statusCategory":{"key":"new"}}}]}""")));
        for (var stateful : List.of(post(urlPathEqualTo(API + "/issue")), get(urlPathMatching(API + "/issue/[^/]+")),
                post(urlPathMatching(API + "/issue/[^/]+/comment")), get(urlPathMatching(API + "/issue/[^/]+/comment")),
                post(urlPathMatching(API + "/issue/[^/]+/transitions")), post(urlPathEqualTo(API + "/search/jql")))) {
            server.stubFor(stateful.willReturn(aResponse().withTransformers(Issues.NAME)));
        }
        server.stubFor(any(urlPathMatching("/.*")).atPriority(10).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"errorMessages\":[\"not stubbed in the test's Jira\"],\"errors\":{}}")));
    }

    String baseUrl() {
        return server.baseUrl();
    }

    /** Every create request received, each with the labels it asked for. */
    List<JsonNode> createRequests() {
        return bodies(server.findAll(postRequestedFor(urlPathEqualTo(API + "/issue"))));
    }

    /**
     * Every comment received (alone or with a transition), as {@code issue key → marker} pairs; a comment
     * without a {@code fixline-event:} marker counts under its whole text.
     */
    List<Map.Entry<String, String>> commentMarkers() {
        List<Map.Entry<String, String>> markers = new ArrayList<>();
        for (LoggedRequest r : server.findAll(postRequestedFor(urlPathMatching(API + "/issue/[^/]+/(comment|transitions)")))) {
            Matcher path = ISSUE_PATH.matcher(r.getUrl());
            if (!path.lookingAt()) {
                continue;
            }
            Matcher marker = MARKER.matcher(r.getBodyAsString());
            markers.add(Map.entry(path.group(1), marker.find() ? marker.group() : r.getBodyAsString()));
        }
        return markers;
    }

    private static List<JsonNode> bodies(List<LoggedRequest> requests) {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest r : requests) {
            try {
                bodies.add(JSON.readTree(r.getBodyAsString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bodies;
    }

    @Override
    public void close() {
        server.stop();
    }

    /** What a Jira project remembers: issues by key and by label, their status and comments. */
    static final class Issues implements ResponseDefinitionTransformerV2 {

        static final String NAME = "two-nodes-jira-issues";
        private final AtomicInteger numbers = new AtomicInteger();
        private final Map<String, ObjectNode> byKey = new ConcurrentHashMap<>();
        private final Map<String, List<String>> comments = new ConcurrentHashMap<>();
        private volatile String baseUrl = "";

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public synchronized ResponseDefinition transform(ServeEvent event) {
            Request request = event.getRequest();
            baseUrl = request.getAbsoluteUrl().substring(0, request.getAbsoluteUrl().indexOf(API));
            try {
                String path = request.getUrl().split("\\?")[0];
                boolean isPost = "POST".equals(request.getMethod().getName());
                if (path.equals(API + "/issue") && isPost) {
                    return create(JSON.readTree(request.getBodyAsString()));
                }
                if (path.equals(API + "/search/jql")) {
                    return search(JSON.readTree(request.getBodyAsString()).path("jql").asText());
                }
                Matcher m = ISSUE_PATH.matcher(path);
                if (!m.matches()) {
                    return json(404, "{\"errorMessages\":[\"no such path\"],\"errors\":{}}");
                }
                ObjectNode issue = find(m.group(1));
                if (issue == null) {
                    return json(404, "{\"errorMessages\":[\"Issue does not exist or you do not have permission to see it.\"],"
                            + "\"errors\":{}}");
                }
                String key = issue.path("key").asText();
                if ("comment".equals(m.group(3))) {
                    if (isPost) {
                        comments.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>()))
                                .add(JSON.readTree(request.getBodyAsString()).path("body").toString());
                        return json(201, "{\"id\":\"" + numbers.incrementAndGet() + "\"}");
                    }
                    return commentsOf(key);
                }
                if ("transitions".equals(m.group(3))) {
                    JsonNode body = JSON.readTree(request.getBodyAsString());
                    boolean done = "31".equals(body.at("/transition/id").asText());
                    status(issue, done ? "Done" : "To Do", done ? "done" : "new");
                    JsonNode comment = body.at("/update/comment/0/add/body");
                    if (!comment.isMissingNode()) {
                        comments.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>()))
                                .add(comment.toString());
                    }
                    return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(204).build();
                }
                return json(200, issue.toString());
            } catch (IOException e) {
                return json(400, "{\"errorMessages\":[\"unreadable body: " + e.getMessage().replace('"', '\'') + "\"]}");
            }
        }

        private ResponseDefinition create(JsonNode body) {
            int n = numbers.incrementAndGet();
            String id = String.valueOf(10_000 + n);
            String key = "SEC-" + n;
            ObjectNode issue = JSON.createObjectNode().put("id", id).put("key", key)
                    .put("self", baseUrl + API + "/issue/" + id);
            ObjectNode fields = issue.putObject("fields");
            fields.put("summary", body.at("/fields/summary").asText());
            fields.set("labels", body.at("/fields/labels").deepCopy());
            fields.putNull("resolution");
            fields.putNull("assignee");
            status(issue, "To Do", "new");
            byKey.put(key, issue);
            return json(201, "{\"id\":\"" + id + "\",\"key\":\"" + key + "\",\"self\":\"" + baseUrl + API + "/issue/"
                    + id + "\"}");
        }

        private ResponseDefinition search(String jql) {
            Matcher label = LABEL_IN_JQL.matcher(jql);
            ArrayNode found = JSON.createArrayNode();
            if (label.find()) {
                byKey.values().stream()
                        .filter(i -> i.at("/fields/labels").toString().contains("\"" + label.group(1) + "\""))
                        .sorted((x, y) -> Integer.compare(x.path("id").asInt(), y.path("id").asInt()))
                        .forEach(found::add);
            }
            ObjectNode answer = JSON.createObjectNode().put("isLast", true);
            answer.set("issues", found);
            return json(200, answer.toString());
        }

        private ResponseDefinition commentsOf(String key) throws IOException {
            List<String> posted = new ArrayList<>(comments.getOrDefault(key, List.of()));
            Collections.reverse(posted); // newest first, as Fixline asks
            ArrayNode array = JSON.createArrayNode();
            for (String body : posted) {
                array.addObject().put("id", "c").set("body", JSON.readTree(body));
            }
            ObjectNode page = JSON.createObjectNode().put("startAt", 0).put("maxResults", 100).put("total", posted.size());
            page.set("comments", array);
            return json(200, page.toString());
        }

        private ObjectNode find(String keyOrId) {
            ObjectNode issue = byKey.get(keyOrId);
            if (issue == null && keyOrId.matches("\\d+")) {
                issue = byKey.get("SEC-" + (Integer.parseInt(keyOrId) - 10_000));
            }
            return issue;
        }

        private static void status(ObjectNode issue, String name, String category) {
            ObjectNode fields = (ObjectNode) issue.get("fields");
            fields.putObject("status").put("name", name).putObject("statusCategory").put("key", category);
            fields.put("updated", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)
                    .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")));
        }

        private static ResponseDefinition json(int status, String body) {
            return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(status)
                    .withHeader("Content-Type", "application/json").withBody(body).build();
        }
    }
}
