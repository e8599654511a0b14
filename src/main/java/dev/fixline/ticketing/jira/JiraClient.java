package dev.fixline.ticketing.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.ticketing.TrackerRejectedException;
import dev.fixline.ticketing.TrackerUnavailableException;
import dev.fixline.ticketing.jira.JiraProperties.Flavor;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * A thin typed Jira REST client on Spring's {@link RestClient}, after JRJC's concepts (JRJC itself is not
 * on Maven Central). Cloud speaks {@code /rest/api/3} with ADF text, Data Center {@code /rest/api/2} with
 * wiki markup; the caller renders text with {@link Flavor#renderer()}.
 *
 * <p>Every call is made once, except after a 429 whose {@code Retry-After} is at most
 * {@code max-retry-after-wait}: the client waits it out and sends the same request once more. That holds
 * for the create too: Jira's rate limiter turns a request away before it runs, so a 429 means the issue was
 * not created and the second attempt cannot make a duplicate. Failures map to the SPI's exceptions in
 * {@link JiraErrors}.
 */
final class JiraClient {

    /** The fields every read asks for; Cloud search returns only ids without them. */
    static final String ISSUE_FIELDS = "status,resolution,assignee,labels,updated,summary";
    private static final List<String> FIELD_NAMES = List.of(ISSUE_FIELDS.split(","));
    private static final int PAGE_SIZE = 100;

    private final RestClient http;
    private final Flavor flavor;
    private final Duration maxRetryAfterWait;
    private final ObjectMapper mapper = new ObjectMapper();
    private final JiraErrors errors;
    private final Clock clock;
    private volatile String myself;

    JiraClient(JiraProperties properties, RestClient.Builder builder) {
        this(properties, builder, Clock.systemUTC());
    }

    JiraClient(JiraProperties properties, RestClient.Builder builder, Clock clock) {
        if (!properties.configured()) {
            throw new IllegalArgumentException("fixline.ticketing.jira.base-url is not set");
        }
        this.flavor = properties.flavor();
        this.maxRetryAfterWait = properties.maxRetryAfterWait();
        this.errors = new JiraErrors(properties.readTimeout(), mapper);
        this.clock = clock;
        // HTTP/1.1: a plaintext h2c upgrade gains nothing for a few small calls and confuses some proxies.
        HttpClient jdk = HttpClient.newBuilder().connectTimeout(properties.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(jdk);
        requests.setReadTimeout(properties.readTimeout());
        this.http = builder.clone()
                .requestFactory(requests)
                .baseUrl(properties.site() + flavor.apiPath())
                .defaultHeader(HttpHeaders.AUTHORIZATION, authorization(properties))
                .defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
                .build();
    }

    private static String authorization(JiraProperties p) {
        if (p.flavor() == Flavor.CLOUD) {
            return "Basic " + Base64.getEncoder().encodeToString(
                    (p.email() + ":" + p.apiToken()).getBytes(StandardCharsets.UTF_8));
        }
        return "Bearer " + p.personalAccessToken();
    }

    Flavor flavor() {
        return flavor;
    }

    /** {@code POST /issue}. */
    BasicIssue createIssue(String project, IssueInput input) {
        JiraCall call = JiraCall.create("create issue in project " + project);
        return BasicIssue.from(send(call, () -> http.post().uri("/issue")
                .contentType(MediaType.APPLICATION_JSON).body(input)));
    }

    /** {@code GET /issue/{key}} with {@link #ISSUE_FIELDS}. */
    Issue getIssue(String keyOrId) {
        return Issue.from(send(JiraCall.read("get issue " + keyOrId),
                () -> http.get().uri("/issue/{key}?fields=" + ISSUE_FIELDS, keyOrId)));
    }

    /** {@code PUT /issue/{key}}: field values and update operations. */
    void updateIssue(String key, IssueInput input, String what) {
        send(JiraCall.write(what + " of " + key), () -> http.put().uri("/issue/{key}", key)
                .contentType(MediaType.APPLICATION_JSON).body(input));
    }

    /** Every issue the JQL matches, all pages. */
    List<Issue> searchJql(String jql) {
        JiraCall call = JiraCall.read("search (" + jql + ")");
        return flavor == Flavor.CLOUD ? searchByToken(call, jql) : searchByOffset(call, jql);
    }

    /**
     * Cloud's {@code POST /rest/api/3/search/jql}: follows {@code nextPageToken} until it is absent,
     * {@code isLast} is true or a page comes back empty. A token seen before also ends it, so a server
     * quirk cannot loop forever.
     */
    private List<Issue> searchByToken(JiraCall call, String jql) {
        List<Issue> issues = new ArrayList<>();
        Set<String> tokens = new HashSet<>();
        String token = null;
        while (true) {
            ObjectNode body = searchBody(jql);
            if (token != null) {
                body.put("nextPageToken", token);
            }
            SearchResult page = SearchResult.from(send(call, () -> http.post().uri("/search/jql")
                    .contentType(MediaType.APPLICATION_JSON).body(body)));
            issues.addAll(page.issues());
            token = page.nextPageToken();
            if (page.issues().isEmpty() || page.last() || token == null || !tokens.add(token)) {
                return issues;
            }
        }
    }

    /**
     * Data Center's {@code POST /rest/api/2/search}: advances {@code startAt} by what came back (Jira may
     * cap {@code maxResults}) until {@code total} is reached or a page is empty.
     */
    private List<Issue> searchByOffset(JiraCall call, String jql) {
        List<Issue> issues = new ArrayList<>();
        int startAt = 0;
        while (true) {
            ObjectNode body = searchBody(jql).put("startAt", startAt);
            SearchResult page = SearchResult.from(send(call, () -> http.post().uri("/search")
                    .contentType(MediaType.APPLICATION_JSON).body(body)));
            issues.addAll(page.issues());
            // Our own count, not the startAt Jira echoes: a proxy that drops it must not loop forever.
            startAt += page.issues().size();
            if (page.issues().isEmpty() || (page.total() >= 0 && startAt >= page.total())) {
                return issues;
            }
        }
    }

    private ObjectNode searchBody(String jql) {
        ObjectNode body = mapper.createObjectNode().put("jql", jql).put("maxResults", PAGE_SIZE);
        FIELD_NAMES.forEach(body.putArray("fields")::add);
        return body;
    }

    /**
     * The one active user the mail address finds. Jira's user search also matches names, so users whose
     * visible address is a different one are not counted; none or several left means no match.
     */
    Optional<JiraUser> findUserByEmail(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        String param = flavor == Flavor.CLOUD ? "query" : "username";
        JsonNode found = send(JiraCall.read("find user by email"),
                () -> http.get().uri("/user/search?" + param + "={email}", email));
        List<JiraUser> matches = new ArrayList<>();
        if (found != null && found.isArray()) {
            for (JsonNode node : found) {
                JiraUser user = JiraUser.from(node);
                if (user != null && user.ref() != null && user.active()
                        && (user.emailAddress() == null || user.emailAddress().equalsIgnoreCase(email))) {
                    matches.add(user);
                }
            }
        }
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /**
     * The user's mail address; empty when the profile hides it, or when Jira answers 404: it knows no such
     * user (deleted, anonymised) or will not show them, and asking again will not change that.
     */
    Optional<String> emailOf(String userRef) {
        if (userRef == null || userRef.isBlank()) {
            return Optional.empty();
        }
        String param = flavor == Flavor.CLOUD ? "accountId" : "username";
        JiraUser user;
        try {
            user = JiraUser.from(send(JiraCall.read("get user " + userRef),
                    () -> http.get().uri("/user?" + param + "={ref}", userRef)));
        } catch (TrackerRejectedException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.ofNullable(user).map(JiraUser::emailAddress);
    }

    /** {@code POST /issue/{key}/comment}; the body is ADF (Cloud) or a wiki string (Data Center). */
    void addComment(String key, JsonNode body) {
        send(JiraCall.write("comment on " + key), () -> http.post().uri("/issue/{key}/comment", key)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("body", body)));
    }

    /** The newest 100 comment bodies, newest first: the wiki string, or the ADF document as JSON text. */
    List<String> recentComments(String key) {
        JsonNode page = send(JiraCall.read("read comments of " + key),
                () -> http.get().uri("/issue/{key}/comment?orderBy=-created&maxResults=100", key));
        List<String> bodies = new ArrayList<>();
        JsonNode comments = Json.at(page, "comments");
        if (comments != null) {
            for (JsonNode comment : comments) {
                JsonNode body = comment.get("body");
                if (body != null && !body.isNull()) {
                    bodies.add(body.isTextual() ? body.asText() : body.toString());
                }
            }
        }
        return bodies;
    }

    /** {@code GET /issue/{key}/transitions}: those valid from the current status. */
    List<Transition> getTransitions(String key) {
        JsonNode json = send(JiraCall.read("list transitions of " + key),
                () -> http.get().uri("/issue/{key}/transitions", key));
        List<Transition> transitions = new ArrayList<>();
        JsonNode array = Json.at(json, "transitions");
        if (array != null) {
            array.forEach(t -> transitions.add(Transition.from(t)));
        }
        return transitions;
    }

    /** {@code POST /issue/{key}/transitions} with the comment added in the same request. */
    void transition(String key, Transition transition, JsonNode comment) {
        ObjectNode body = mapper.createObjectNode();
        body.putObject("transition").put("id", transition.id());
        if (comment != null) {
            body.putObject("update").putArray("comment").addObject().putObject("add").set("body", comment);
        }
        send(JiraCall.write("transition " + key + " by '" + transition.name() + "'"),
                () -> http.post().uri("/issue/{key}/transitions", key)
                        .contentType(MediaType.APPLICATION_JSON).body(body));
    }

    /** The account the client acts as ({@code GET /myself}), asked once. */
    String myself() {
        String known = myself;
        if (known == null) {
            JiraUser user = JiraUser.from(send(JiraCall.read("get myself"), () -> http.get().uri("/myself")));
            if (user == null || user.ref() == null) {
                throw new TrackerUnavailableException("Jira get myself answered without an account id or name",
                        null, null);
            }
            known = user.ref();
            myself = known;
        }
        return known;
    }

    /** {@code GET /myself} every time (unlike {@link #myself()}): whether Jira answers, and takes the token. */
    void ping() {
        send(JiraCall.read("check (get myself)"), () -> http.get().uri("/myself"));
    }

    /** Sends the request, waits out one short 429, and returns the JSON body (null when there is none). */
    private JsonNode send(JiraCall call, Supplier<RestClient.RequestHeadersSpec<?>> request) {
        for (int attempt = 1; ; attempt++) {
            JiraResponse response;
            try {
                response = request.get().exchange((req, res) -> new JiraResponse(res.getStatusCode().value(),
                        res.getHeaders(), res.getBody().readAllBytes()), true);
            } catch (ResourceAccessException e) {
                throw errors.fromIo(call, e);
            }
            if (response.successful()) {
                return json(call, response);
            }
            Duration retryAfter = response.retryAfter(clock);
            if (response.status() == 429 && attempt == 1 && retryAfter != null
                    && retryAfter.compareTo(maxRetryAfterWait) <= 0) {
                pause(call, retryAfter);
                continue;
            }
            throw errors.fromResponse(call, response, retryAfter);
        }
    }

    private JsonNode json(JiraCall call, JiraResponse response) {
        if (response.body().length == 0) {
            return null;
        }
        try {
            return mapper.readTree(response.body());
        } catch (IOException e) {
            throw errors.unreadable(call, response.status(), e);
        }
    }

    private static void pause(JiraCall call, Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackerUnavailableException(call + " was interrupted waiting out a 429", wait, e);
        }
    }
}
