package dev.fixline.ingest.arg;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import dev.fixline.ApplicationTest;
import dev.fixline.finding.Sweep;
import dev.fixline.finding.SweepState;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real Resource Graph SDK client against a local HTTP stub of the Resource Graph endpoint, serving
 * Resource-Graph-shaped pages of Defender rows: paging, throttling, faults, truncation and refusal.
 */
@ApplicationTest
class ArgSweeperTest {

    static final String PATH = "/providers/Microsoft.ResourceGraph/resources";
    static final WireMockServer STUB = new WireMockServer(options().dynamicPort());

    static {
        STUB.start();
    }

    @Autowired ArgSweeper sweeper;
    @Autowired ObjectMapper json;
    @Autowired TestRestTemplate http;
    @Autowired dev.fixline.finding.RegistryTags registryTags;
    @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Autowired org.camunda.bpm.engine.RuntimeService runtime;
    @Autowired org.camunda.bpm.engine.ManagementService management;

    private ArrayNode rows;

    @DynamicPropertySource
    static void resourceGraph(DynamicPropertyRegistry registry) {
        registry.add("fixline.arg.enabled", () -> "true");
        registry.add("fixline.arg.auth", () -> "none");
        registry.add("fixline.arg.endpoint", () -> "http://localhost:" + STUB.port());
        registry.add("fixline.arg.subscriptions", () -> "6f1c2d3e-0000-4000-8000-000000000001");
        registry.add("fixline.arg.max-retries", () -> "3");
        registry.add("fixline.arg.retry-delay", () -> "PT0.05S");
        registry.add("fixline.arg.timeout", () -> "PT5S");
    }

    @AfterAll
    static void stop() {
        STUB.stop();
    }

    @BeforeEach
    void setUp() throws IOException, InterruptedException {
        awaitNoSweepRunning(); // a background sweep of an earlier test may still be releasing its lock
        reset();
        rows = (ArrayNode) json.readTree(Path.of("samples", "day-1.json").toFile()).path("data");
    }

    @Test
    void scheduledSweepsWaitAsEngineJobsForTheNextCronInstant() {
        var schedule = runtime.createProcessInstanceQuery().processDefinitionKey("sweepSchedule")
                .processInstanceBusinessKey("arg").list();
        assertThat(schedule).as("exactly one schedule").hasSize(1);
        var timer = management.createJobQuery().processInstanceId(schedule.get(0).getId()).timers().singleResult();
        java.time.ZonedDateTime due = timer.getDuedate().toInstant().atZone(java.time.ZoneOffset.UTC);
        assertThat(due.getHour()).as("default cron: daily at 06:00 UTC").isEqualTo(6);
        assertThat(due.getMinute()).isZero();
        assertThat(due.toInstant()).isAfter(java.time.Instant.now())
                .isBefore(java.time.Instant.now().plus(java.time.Duration.ofDays(1)));
    }

    @Test
    void readsThreePagesThroughThrottlingAndAServerError() {
        stubThreePages(true);

        Sweep sweep = sweeper.sweep("test").orElseThrow();

        assertThat(sweep.state()).isEqualTo(SweepState.COMPLETE);
        assertThat(sweep.source()).isEqualTo("arg");
        assertThat(sweep.scope()).isEqualTo("subscriptions: 6f1c2d3e-0000-4000-8000-000000000001");
        assertThat(sweep.pages()).isEqualTo(3);
        assertThat(sweep.counts().rows()).isEqualTo(41);
        assertThat(sweep.counts().rejected()).isZero();
        assertThat(sweep.quotaWaitMillis()).as("waited for the quota window to reset").isGreaterThan(500);
        assertThat(registryTags.of("contosoprod.azurecr.io")).as("the registry's resource tags, for ownership rules")
                .containsEntry("owner", "payments-team").containsEntry("env", "prod");
        STUB.verify(2, postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing("\"t2\"")));
        STUB.verify(2, postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing("\"t3\"")));
        STUB.verify(postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing("\"$top\":1000"))
                .withRequestBody(containing("objectArray")).withRequestBody(containing("securityresources")));
    }

    @Test
    void aThrottledRequestWaitsForRetryAfter() {
        STUB.stubFor(post(urlPathEqualTo(PATH)).inScenario("throttle").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":\"RateLimiting\",\"message\":\"throttled\"}}"))
                .willSetStateTo("open"));
        STUB.stubFor(post(urlPathEqualTo(PATH)).inScenario("throttle").whenScenarioStateIs("open")
                .willReturn(page(0, 41, null)));

        long begin = System.nanoTime();
        Sweep sweep = sweeper.sweep("retry-after").orElseThrow();

        assertThat(sweep.state()).isEqualTo(SweepState.COMPLETE);
        assertThat(sweep.counts().rows()).isEqualTo(41);
        STUB.verify(2, postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing("securityresources")));
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - begin))
                .as("the retry came after Retry-After, not at once").isGreaterThanOrEqualTo(java.time.Duration.ofMillis(900));
    }

    @Test
    void aTruncatedResultOpensButClosesNothing() throws IOException {
        stubThreePages(false);
        sweeper.sweep("full").orElseThrow();
        reset();
        STUB.stubFor(post(urlPathEqualTo(PATH)).willReturn(page(0, 10, null).withBody(body(0, 10, null, "true"))));

        Sweep sweep = sweeper.sweep("truncated").orElseThrow();

        assertThat(sweep.state()).isEqualTo(SweepState.PARTIAL);
        assertThat(sweep.message()).contains("truncated").contains("none closed");
        assertThat(sweep.counts().fixed() + sweep.counts().gone()).isZero();
    }

    @Test
    void rowsOfOtherKindsAreIgnoredAndAnAnswerOfOnlyThemClosesNothing() throws IOException {
        ObjectNode sql = (ObjectNode) json.readTree(
                Path.of("src", "test", "resources", "defender", "sql-server-vulnerability.json").toFile());
        rows.insert(3, sql);
        STUB.stubFor(post(urlPathEqualTo(PATH)).willReturn(page(0, rows.size(), null)));

        Sweep mixed = sweeper.sweep("mixed").orElseThrow();

        assertThat(mixed.state()).isEqualTo(SweepState.COMPLETE);
        assertThat(mixed.counts().rows()).isEqualTo(41);
        assertThat(mixed.ignored()).containsExactly(java.util.Map.entry("SqlServerVulnerability", 1));

        reset();
        rows = json.createArrayNode().add(sql);
        STUB.stubFor(post(urlPathEqualTo(PATH)).willReturn(page(0, 1, null)));

        Sweep onlySql = sweeper.sweep("only sql").orElseThrow();

        assertThat(onlySql.state()).as("a query that no longer matches the images' rows").isEqualTo(SweepState.PARTIAL);
        assertThat(onlySql.message()).contains("only rows of other kinds (SqlServerVulnerability (SQL vulnerability "
                + "assessment): 1 row)");
        assertThat(onlySql.counts().fixed() + onlySql.counts().gone()).isZero();
    }

    @Test
    void aSweepThatDiesWhilePagingClosesNothing() {
        stubThreePages(false);
        sweeper.sweep("full").orElseThrow();
        reset();
        STUB.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(notContaining("$skipToken"))
                .willReturn(page(0, 14, "t2")));
        STUB.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("\"t2\""))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        Sweep sweep = sweeper.sweep("crash").orElseThrow();

        assertThat(sweep.state()).isEqualTo(SweepState.PARTIAL);
        assertThat(sweep.message()).startsWith("paging stopped after page 1 (14 rows)");
        assertThat(sweep.counts().fixed() + sweep.counts().gone()).isZero();
    }

    @Test
    void aSubscriptionFixlineCannotSeeMakesTheSweepPartial() {
        stubThreePages(false);
        STUB.stubFor(post(urlPathEqualTo(PATH)).atPriority(1).withRequestBody(containing("resourcecontainers"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"totalRecords\":0,\"count\":0,\"resultTruncated\":\"false\",\"data\":[]}")));

        Sweep sweep = sweeper.sweep("lost access").orElseThrow();

        assertThat(sweep.state()).isEqualTo(SweepState.PARTIAL);
        assertThat(sweep.message()).contains("not visible").contains("6f1c2d3e-0000-4000-8000-000000000001");
        assertThat(sweep.counts().fixed() + sweep.counts().gone()).isZero();
    }

    @Test
    void aRepeatedSkipTokenStopsThePaging() {
        STUB.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(notContaining("$skipToken"))
                .willReturn(page(0, 14, "again")));
        STUB.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(containing("\"again\""))
                .willReturn(page(14, 28, "again")));

        Sweep sweep = sweeper.sweep("loop").orElseThrow();

        assertThat(sweep.state()).isEqualTo(SweepState.PARTIAL);
        assertThat(sweep.message()).contains("the same $skipToken again");
        assertThat(sweep.pages()).isEqualTo(2);
    }

    @Test
    void refusedAccessFailsTheSweepAndNamesTheRole() {
        STUB.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"The client does not have "
                        + "authorization to perform action 'Microsoft.ResourceGraph/resources/read'\"}}")));

        Sweep sweep = sweeper.sweep("denied").orElseThrow();

        assertThat(sweep.state()).isEqualTo(SweepState.FAILED);
        assertThat(sweep.message()).contains("HTTP 403").contains("Reader or Security Reader");
        assertThat(sweep.counts().rows()).isZero();
    }

    @Test
    void sweepsOfTheScopeNeverOverlap() throws Exception {
        STUB.stubFor(post(urlPathEqualTo(PATH)).willReturn(page(0, 41, null).withFixedDelay(1500)));
        long before = total();

        assertThat(sweeper.startInBackground("first")).isTrue();
        assertThat(sweeper.sweep("second")).as("skipped while the first runs").isEmpty();
        assertThat(sweeper.startInBackground("third")).isFalse();
        for (int i = 0; i < 300 && total() == before; i++) {
            Thread.sleep(100);
        }
        assertThat(total()).isEqualTo(before + 1);
        awaitNoSweepRunning();
        assertThat(sweeper.sweep("after")).as("the lock is released").isPresent();
    }

    @Test
    void administratorsStartASweepThroughTheApi() throws Exception {
        stubThreePages(false);
        long before = total();
        assertThat(http.withBasicAuth("manager", "demo").postForEntity("/api/sweeps/arg", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        var started = http.withBasicAuth("admin", "demo").postForEntity("/api/sweeps/arg", null, String.class);

        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        for (int i = 0; i < 300 && total() == before; i++) {
            Thread.sleep(100);
        }
        JsonNode latest = json.readTree(http.withBasicAuth("auditor", "demo").getForObject("/api/sweeps?size=1",
                String.class)).path("items").get(0);
        assertThat(latest.path("source").asText()).isEqualTo("arg");
        assertThat(latest.path("pages").asInt()).isEqualTo(3);
    }

    /** Clears the stub, keeping its answer to the subscription check: the configured one is visible. */
    private void reset() {
        STUB.resetAll();
        STUB.stubFor(post(urlPathEqualTo(PATH)).atPriority(1).withRequestBody(containing("resourcecontainers"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"totalRecords\":1,\"count\":1,\"resultTruncated\":\"false\",\"data\":"
                                + "[{\"subscriptionId\":\"6f1c2d3e-0000-4000-8000-000000000001\"}]}")));
        STUB.stubFor(post(urlPathEqualTo(PATH)).atPriority(1)
                .withRequestBody(containing("microsoft.containerregistry/registries"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"totalRecords\":1,\"count\":1,\"resultTruncated\":\"false\",\"data\":"
                                + "[{\"id\":\"/subscriptions/6f1c2d3e-0000-4000-8000-000000000001/resourceGroups/"
                                + "rg-platform/providers/Microsoft.ContainerRegistry/registries/contosoprod\","
                                + "\"loginServer\":\"contosoprod.azurecr.io\","
                                + "\"tags\":{\"owner\":\"payments-team\",\"env\":\"prod\"}}]}")));
    }

    private void awaitNoSweepRunning() throws InterruptedException {
        for (int i = 0; i < 300 && Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT COUNT(*) > 0 FROM sweep_lock WHERE scope = 'arg' AND holder IS NOT NULL", Boolean.class)); i++) {
            Thread.sleep(100);
        }
    }

    private long total() throws IOException {
        return json.readTree(http.withBasicAuth("auditor", "demo").getForObject("/api/sweeps", String.class))
                .path("total").asLong();
    }

    /** Rows 1-14, 15-28 and 29-41 of the day-1 sample; optionally a 429 before page 2 and a 500 before page 3. */
    private void stubThreePages(boolean faults) {
        STUB.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(notContaining("$skipToken"))
                .willReturn(page(0, 14, "t2").withHeader(QuotaPolicy.REMAINING, "0")
                        .withHeader(QuotaPolicy.RESETS_AFTER, "00:00:01")));
        stubPage("t2", 14, 28, "t3", faults ? aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withHeader(QuotaPolicy.REMAINING, "0").withHeader(QuotaPolicy.RESETS_AFTER, "00:00:01")
                .withBody("{\"error\":{\"code\":\"RateLimiting\",\"message\":\"throttled\"}}") : null);
        stubPage("t3", 28, 41, null, faults ? aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"InternalServerError\",\"message\":\"oops\"}}") : null);
    }

    private void stubPage(String token, int from, int to, String next, ResponseDefinitionBuilder firstFault) {
        StringValuePattern body = containing("\"" + token + "\"");
        if (firstFault == null) {
            STUB.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(body).willReturn(page(from, to, next)));
            return;
        }
        STUB.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(body).inScenario(token).whenScenarioStateIs(STARTED)
                .willReturn(firstFault).willSetStateTo("recovered"));
        STUB.stubFor(post(urlPathEqualTo(PATH)).withRequestBody(body).inScenario(token)
                .whenScenarioStateIs("recovered").willReturn(page(from, to, next)));
    }

    private ResponseDefinitionBuilder page(int from, int to, String next) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader(QuotaPolicy.REMAINING, "14").withHeader(QuotaPolicy.RESETS_AFTER, "00:00:05")
                .withBody(body(from, to, next, "false"));
    }

    private String body(int from, int to, String next, String truncated) {
        ObjectNode body = json.createObjectNode().put("totalRecords", rows.size()).put("count", to - from)
                .put("resultTruncated", truncated);
        if (next != null) {
            body.put("$skipToken", next);
        }
        ArrayNode data = body.putArray("data");
        for (int i = from; i < to; i++) {
            data.add(rows.get(i));
        }
        body.putArray("facets");
        return body.toString();
    }
}
