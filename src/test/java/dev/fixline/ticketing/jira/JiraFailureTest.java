package dev.fixline.ticketing.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.fixline.ticketing.jira.JiraTestSupport.CLOUD_TOKEN;
import static dev.fixline.ticketing.jira.JiraTestSupport.cloud;
import static dev.fixline.ticketing.jira.JiraTestSupport.dataCenter;
import static dev.fixline.ticketing.jira.JiraTestSupport.draft;
import static dev.fixline.ticketing.jira.JiraTestSupport.fixture;
import static dev.fixline.ticketing.jira.JiraTestSupport.tracker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.fixline.ticketing.RemoteTicket;
import dev.fixline.ticketing.TicketOutcomeUnknownException;
import dev.fixline.ticketing.TrackerRejectedException;
import dev.fixline.ticketing.TrackerUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How Jira's refusals, rate limits, outages and silences reach the caller. */
class JiraFailureTest {

    private static final String CREATED = "{\"id\":\"10024\",\"key\":\"SEC-24\",\"self\":\"https://acme.atlassian.net/rest/api/3/issue/10024\"}";

    @RegisterExtension
    static WireMockExtension jira = JiraTestSupport.wireMock();

    @Test
    void aFieldErrorIsARejectionThatCarriesJirasMessages() {
        jira.stubFor(post("/rest/api/3/issue").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBody("""
                        {"errorMessages":[],"errors":{"customfield_10042":"Field 'customfield_10042' cannot be set. \
                        It is not on the appropriate screen, or unknown.","priority":"The priority selected is invalid."}}""")));

        Throwable thrown = catchThrowable(() -> tracker(cloud(jira.baseUrl())).create(draft(null)));

        assertThat(thrown).isExactlyInstanceOf(TrackerRejectedException.class);
        TrackerRejectedException rejected = (TrackerRejectedException) thrown;
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.errors()).containsEntry("priority", "The priority selected is invalid.")
                .containsKey("customfield_10042");
        assertThat(rejected.getMessage())
                .contains("create issue in project SEC")
                .contains("customfield_10042: Field 'customfield_10042' cannot be set")
                .doesNotContain(CLOUD_TOKEN);
    }

    @Test
    void aNotFoundCarriesErrorMessagesAndNamesTheIssue() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/SEC-404")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"errorMessages\":[\"Issue does not exist or you do not have permission to see it.\"],\"errors\":{}}")));

        Throwable thrown = catchThrowable(() -> tracker(dataCenter(jira.baseUrl())).get("SEC-404"));

        assertThat(thrown).isInstanceOf(TrackerRejectedException.class)
                .hasMessageContaining("get issue SEC-404")
                .hasMessageContaining("Issue does not exist or you do not have permission to see it.");
        assertThat(((TrackerRejectedException) thrown).errorMessages()).hasSize(1);
    }

    @Test
    void anHtmlErrorPageFromAProxyIsStillARejection() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/SEC-24")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "text/html").withBody("<html><body>Unauthorized</body></html>")));
        jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/SEC-25")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "text/plain").withBody("Basic auth with password is not allowed on this instance\n")));

        Throwable html = catchThrowable(() -> tracker(cloud(jira.baseUrl())).get("SEC-24"));
        Throwable text = catchThrowable(() -> tracker(cloud(jira.baseUrl())).get("SEC-25"));

        assertThat(html).isInstanceOf(TrackerRejectedException.class).hasMessageContaining("HTTP 401");
        assertThat(((TrackerRejectedException) html).errorMessages()).isEmpty();
        assertThat(((TrackerRejectedException) text).errorMessages())
                .containsExactly("Basic auth with password is not allowed on this instance");
    }

    @Test
    void aShort429IsWaitedOutAndTheCreateSentOnceMore() {
        jira.stubFor(post("/rest/api/3/issue").inScenario("rate limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"errorMessages\":[\"Rate limit exceeded.\"],\"errors\":{}}"))
                .willSetStateTo("allowed"));
        jira.stubFor(post("/rest/api/3/issue").inScenario("rate limit").whenScenarioStateIs("allowed")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(CREATED)));

        long start = System.nanoTime();
        RemoteTicket ticket = tracker(cloud(jira.baseUrl())).create(draft(null));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(ticket.key()).isEqualTo("SEC-24");
        jira.verify(2, postRequestedFor(urlEqualTo("/rest/api/3/issue")));
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void a429IsRetriedOnlyOnce() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/SEC-24")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "1")));

        Throwable thrown = catchThrowable(() -> tracker(cloud(jira.baseUrl())).get("SEC-24"));

        assertThat(thrown).isExactlyInstanceOf(TrackerUnavailableException.class);
        assertThat(((TrackerUnavailableException) thrown).retryAfter()).contains(Duration.ofSeconds(1));
        jira.verify(2, getRequestedFor(urlPathEqualTo("/rest/api/3/issue/SEC-24")));
    }

    @Test
    void aLongRetryAfterIsHandedToTheCallerWithoutWaiting() {
        jira.stubFor(post("/rest/api/3/issue").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

        long start = System.nanoTime();
        Throwable thrown = catchThrowable(() -> tracker(cloud(jira.baseUrl())).create(draft(null)));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        // A 429 turns the create away before it runs: nothing was created, so not "outcome unknown".
        assertThat(thrown).isExactlyInstanceOf(TrackerUnavailableException.class)
                .hasMessageContaining("create issue in project SEC").hasMessageContaining("429");
        assertThat(((TrackerUnavailableException) thrown).retryAfter()).contains(Duration.ofSeconds(120));
        jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/3/issue")));
    }

    @Test
    void a503OnAReadIsUnavailableWithItsRetryAfter() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/SEC-117")).willReturn(aResponse().withStatus(503)
                .withHeader("Retry-After", "30").withBody("Service Unavailable")));

        Throwable thrown = catchThrowable(() -> tracker(dataCenter(jira.baseUrl())).get("SEC-117"));

        assertThat(thrown).isExactlyInstanceOf(TrackerUnavailableException.class)
                .hasMessageContaining("get issue SEC-117").hasMessageContaining("503");
        assertThat(((TrackerUnavailableException) thrown).retryAfter()).contains(Duration.ofSeconds(30));
        jira.verify(1, getRequestedFor(urlPathEqualTo("/rest/api/2/issue/SEC-117")));
    }

    @Test
    void a500OnCreateLeavesTheOutcomeUnknown() {
        jira.stubFor(post("/rest/api/3/issue").willReturn(aResponse().withStatus(500)
                .withBody("{\"errorMessages\":[\"Internal server error\"],\"errors\":{}}")));

        Throwable thrown = catchThrowable(() -> tracker(cloud(jira.baseUrl())).create(draft(null)));

        assertThat(thrown).isInstanceOf(TicketOutcomeUnknownException.class)
                .hasMessageContaining("create issue in project SEC").hasMessageContaining("500");
        jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/3/issue")));
    }

    @Test
    void aReadTimeoutOnCreateLeavesTheOutcomeUnknown() {
        jira.stubFor(post("/rest/api/3/issue").willReturn(aResponse().withStatus(201).withFixedDelay(1500)
                .withHeader("Content-Type", "application/json").withBody(CREATED)));
        JiraTracker tracker = tracker(cloud(jira.baseUrl(), Duration.ofMillis(300)));

        long start = System.nanoTime();
        Throwable thrown = catchThrowable(() -> tracker.create(draft(null)));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1400));
        assertThat(thrown).isInstanceOf(TicketOutcomeUnknownException.class)
                .hasMessageContaining("create issue in project SEC").hasMessageContaining("read timeout");
        jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/3/issue")));
    }

    @Test
    void aReadTimeoutOnAReadIsPlainUnavailable() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/SEC-24")).willReturn(aResponse().withFixedDelay(1500)
                .withHeader("Content-Type", "application/json").withBody(fixture("cloud-issue-in-progress.json"))));

        Throwable thrown = catchThrowable(() -> tracker(cloud(jira.baseUrl(), Duration.ofMillis(300))).get("SEC-24"));

        assertThat(thrown).isExactlyInstanceOf(TrackerUnavailableException.class)
                .hasMessageContaining("get issue SEC-24");
    }

    @Test
    void aConnectionResetAfterSendingACreateLeavesTheOutcomeUnknown() {
        jira.stubFor(post("/rest/api/3/issue").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        Throwable thrown = catchThrowable(() -> tracker(cloud(jira.baseUrl())).create(draft(null)));

        assertThat(thrown).isInstanceOf(TicketOutcomeUnknownException.class);
    }

    @Test
    void aRefusedConnectionOnCreateIsUnavailableNotUnknown() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Throwable thrown = catchThrowable(() -> tracker(cloud("http://127.0.0.1:" + closedPort)).create(draft(null)));

        assertThat(thrown).isExactlyInstanceOf(TrackerUnavailableException.class)
                .hasMessageContaining("create issue in project SEC").hasMessageContaining("could not connect")
                .hasMessageNotContaining(CLOUD_TOKEN);
    }

    @Test
    void aSuccessThatIsNotJsonOnCreateLeavesTheOutcomeUnknown() {
        jira.stubFor(post("/rest/api/3/issue").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html>Log in to continue</html>")));

        Throwable thrown = catchThrowable(() -> tracker(cloud(jira.baseUrl())).create(draft(null)));

        assertThat(thrown).isInstanceOf(TicketOutcomeUnknownException.class).hasMessageContaining("not Jira's JSON");
    }
}
