package dev.fixline.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Jira Cloud site on WireMock that keeps what it is told, as a Jira administrator would see it: every
 * create makes an issue with a new key (before its answer is sent, so a slow answer can be cut off by a
 * kill while the issue exists), and a JQL search by label finds them. Fixline's "uncertain create" check
 * searches by the case's fingerprint label, so a lost answer must not become a second issue.
 */
public final class FakeJira implements AutoCloseable {

    static final String PROJECT = "SEC";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LABEL = Pattern.compile("labels\\s*=\\s*\"([^\"]+)\"");

    private final Map<String, ObjectNode> issues = new ConcurrentHashMap<>();
    private final AtomicInteger creates = new AtomicInteger();
    private final WireMockServer server;

    public FakeJira() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort()
                .containerThreads(40).extensions(new Behaviour()));
        server.start();
        server.stubFor(any(urlPathMatching("/rest/api/3/.*")).willReturn(aResponse().withTransformers(Behaviour.NAME)));
        createDelay(Duration.ZERO);
    }

    /** How long each create's answer takes; the issue exists from the moment the request arrives. */
    public FakeJira createDelay(Duration delay) {
        server.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).atPriority(1).willReturn(aResponse()
                .withTransformers(Behaviour.NAME).withFixedDelay((int) delay.toMillis())));
        return this;
    }

    /** What a node needs to send its tickets here. */
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("fixline.ticketing.jira.base-url", server.baseUrl());
        p.put("fixline.ticketing.jira.flavor", "cloud");
        p.put("fixline.ticketing.jira.email", "fixline-bot@contoso.example");
        p.put("fixline.ticketing.jira.api-token", "api-token-for-tests");
        p.put("fixline.ticketing.default-project", PROJECT);
        p.put("fixline.ticketing.reconcile.enabled", "false");
        return p;
    }

    /** Create requests received, answered or not. */
    public int createRequests() {
        return creates.get();
    }

    /** The issues that exist, by the case fingerprint label ({@code fixline-…}) they carry. */
    public Map<String, List<String>> issuesByFingerprint() {
        Map<String, List<String>> byLabel = new LinkedHashMap<>();
        for (ObjectNode issue : issues.values()) {
            for (JsonNode label : issue.path("fields").path("labels")) {
                if (label.asText().startsWith("fixline-")) {
                    byLabel.computeIfAbsent(label.asText(), l -> new ArrayList<>()).add(issue.path("key").asText());
                }
            }
        }
        return byLabel;
    }

    /** Fingerprints with more than one issue: what a Jira administrator would call duplicates. */
    public Map<String, List<String>> duplicates() {
        return issuesByFingerprint().entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Behaviour implements ResponseDefinitionTransformerV2 {

        static final String NAME = "fake-jira";

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            LoggedRequest request = event.getRequest();
            String path = request.getUrl().replaceFirst("\\?.*", "");
            String method = request.getMethod().getName();
            ResponseDefinitionBuilder answer = ResponseDefinitionBuilder.like(event.getResponseDefinition()).but()
                    .withHeader("Content-Type", "application/json");
            if (method.equals("POST") && path.equals("/rest/api/3/issue")) {
                return answer.withStatus(201).withBody(create(request)).build();
            }
            if (method.equals("POST") && path.equals("/rest/api/3/search/jql")) {
                return answer.withStatus(200).withBody(search(request)).build();
            }
            if (path.equals("/rest/api/3/myself")) {
                return answer.withStatus(200).withBody("{\"accountId\":\"bot\",\"displayName\":\"Fixline\",\"active\":true}")
                        .build();
            }
            if (path.equals("/rest/api/3/user/search")) {
                String email = request.queryParameter("query").isPresent() ? request.queryParameter("query").firstValue()
                        : "nobody@contoso.example";
                return answer.withStatus(200).withBody(JSON.createArrayNode().add(JSON.createObjectNode()
                        .put("accountId", "acc-" + Math.abs(email.hashCode())).put("accountType", "atlassian")
                        .put("emailAddress", email).put("displayName", email).put("active", true)).toString()).build();
            }
            Matcher comment = Pattern.compile("/rest/api/3/issue/([A-Z]+-\\d+)/comment").matcher(path);
            if (comment.matches()) {
                return method.equals("POST") ? answer.withStatus(201).withBody("{\"id\":\"1\"}").build()
                        : answer.withStatus(200).withBody("{\"startAt\":0,\"maxResults\":100,\"total\":0,\"comments\":[]}")
                        .build();
            }
            Matcher issue = Pattern.compile("/rest/api/3/issue/([A-Z]+-\\d+)").matcher(path);
            if (issue.matches()) {
                ObjectNode found = issues.get(issue.group(1));
                if (found == null) {
                    return answer.withStatus(404).withBody("{\"errorMessages\":[\"Issue does not exist\"]}").build();
                }
                return method.equals("GET") ? answer.withStatus(200).withBody(found.toString()).build()
                        : answer.withStatus(204).withBody("").build();
            }
            return answer.withStatus(404).withBody("{\"errorMessages\":[\"not in the fake: " + method + " " + path + "\"]}")
                    .build();
        }

        private String create(LoggedRequest request) {
            JsonNode input = read(request.getBodyAsString());
            int n = creates.incrementAndGet();
            String key = PROJECT + "-" + n;
            ObjectNode issue = JSON.createObjectNode().put("id", String.valueOf(10_000 + n)).put("key", key);
            ObjectNode fields = issue.putObject("fields");
            fields.put("summary", input.path("fields").path("summary").asText());
            fields.putObject("status").put("name", "To Do").putObject("statusCategory").put("key", "new");
            fields.set("labels", input.path("fields").path("labels").deepCopy());
            fields.put("updated", Instant.now().toString().replace("Z", "+0000"));
            issues.put(key, issue);
            return JSON.createObjectNode().put("id", issue.path("id").asText()).put("key", key)
                    .put("self", server.baseUrl() + "/rest/api/3/issue/" + issue.path("id").asText()).toString();
        }

        private String search(LoggedRequest request) {
            Matcher label = LABEL.matcher(read(request.getBodyAsString()).path("jql").asText());
            String wanted = label.find() ? label.group(1) : null;
            ObjectNode result = JSON.createObjectNode().put("isLast", true);
            ArrayNode found = result.putArray("issues");
            issues.values().stream()
                    .filter(i -> wanted == null || hasLabel(i, wanted))
                    .sorted((a, b) -> Integer.compare(a.path("id").asInt(), b.path("id").asInt()))
                    .forEach(found::add);
            return result.toString();
        }

        private boolean hasLabel(JsonNode issue, String label) {
            for (JsonNode l : issue.path("fields").path("labels")) {
                if (l.asText().equals(label)) {
                    return true;
                }
            }
            return false;
        }

        private JsonNode read(String body) {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
