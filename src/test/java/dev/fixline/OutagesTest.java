package dev.fixline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.remediation.RemediationProcess.Activity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.fixline.finding.FindingQuery;
import dev.fixline.finding.FindingStore;
import dev.fixline.finding.Sweep;
import dev.fixline.finding.SweepState;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.ingest.arg.ArgSweepRetry;
import dev.fixline.ingest.arg.ArgSweeper;
import dev.fixline.ingest.file.InboxWatcher;
import dev.fixline.notification.DeliveryState;
import dev.fixline.notification.NotificationOutbox;
import dev.fixline.notification.SentNotification;
import dev.fixline.remediation.CaseDispatcher;
import dev.fixline.remediation.CaseQuery;
import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.OutageRecovery;
import dev.fixline.remediation.RemediationCases;
import dev.fixline.sla.KevCatalog;
import dev.fixline.ticketing.TicketLink;
import dev.fixline.ticketing.Tickets;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.LinkedMultiValueMap;

/**
 * Jira, the SMTP server, Resource Graph and CISA's KEV feed each unreachable or throttling for weeks of test
 * time, against real protocol stubs (WireMock, GreenMail) that are taken down, made to hang and brought back
 * on their ports; and a sweep that finds the finding store busy. What is asserted is what an operator sees:
 * {@code /actuator/health} and its reasons, incidents and jobs per case while the server is away, and after it
 * returns every ticket, comment, mail and sweep exactly once. Runs on H2 and on PostgreSQL; the figures each
 * run measured are logged as {@code Outage figures: …} lines.
 */
abstract class OutagesTest {

    private static final Logger log = LoggerFactory.getLogger(OutagesTest.class);
    static final String SUBSCRIPTION = "7a2b3c4d-0000-4000-8000-0000000000a1";
    static final String ARG_PATH = "/providers/Microsoft.ResourceGraph/resources";
    /** Rows Resource Graph answers with while it is up. */
    static volatile ArrayNode argRows = new ObjectMapper().createArrayNode();
    /** The KEV catalog the feed serves while it is up. */
    static volatile String kevCatalog = kevCatalog("CVE-2021-44228");

    static final DownableServer.Http JIRA = new DownableServer.Http(OutagesTest::healthyJira);
    static final DownableServer.Smtp SMTP = new DownableServer.Smtp();
    static final DownableServer.Http ARG = new DownableServer.Http(OutagesTest::healthyResourceGraph);
    static final DownableServer.Http KEV = new DownableServer.Http(OutagesTest::healthyKev);
    static final Path INBOX;

    static {
        try {
            INBOX = Files.createTempDirectory("fixline-outage-inbox");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void outsideServers(DynamicPropertyRegistry registry) {
        registry.add("fixline.ticketing.jira.base-url", JIRA::baseUrl);
        registry.add("fixline.ticketing.jira.flavor", () -> "cloud");
        registry.add("fixline.ticketing.jira.email", () -> "fixline-bot@contoso.example");
        registry.add("fixline.ticketing.jira.api-token", () -> "api-token-for-tests");
        registry.add("fixline.ticketing.jira.connect-timeout", () -> "PT1S");
        registry.add("fixline.ticketing.jira.read-timeout", () -> "PT1S");
        registry.add("fixline.ticketing.jira.max-retry-after-wait", () -> "PT1S");
        registry.add("fixline.ticketing.default-project", () -> "SEC");
        registry.add("fixline.ticketing.webhook-secret", () -> "webhook-secret-for-tests");
        registry.add("fixline.ticketing.reconcile.enabled", () -> "false");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("fixline.notification.digest.enabled", () -> "false"); // each case's own mails are counted
        registry.add("spring.mail.port", SMTP::port);
        registry.add("spring.mail.properties.mail.smtp.connectiontimeout", () -> "1000");
        registry.add("spring.mail.properties.mail.smtp.timeout", () -> "300");
        registry.add("spring.mail.properties.mail.smtp.writetimeout", () -> "1000");
        registry.add("fixline.arg.enabled", () -> "true");
        registry.add("fixline.arg.auth", () -> "none");
        registry.add("fixline.arg.endpoint", ARG::baseUrl);
        registry.add("fixline.arg.subscriptions", () -> SUBSCRIPTION);
        registry.add("fixline.arg.max-retries", () -> "2");
        registry.add("fixline.arg.retry-delay", () -> "PT0.05S");
        registry.add("fixline.arg.timeout", () -> "PT2S");
        registry.add("fixline.arg.failed-sweep-retry.check", () -> "PT1H"); // the test checks, on its own clock
        registry.add("fixline.sla.kev.source", () -> KEV.baseUrl() + "/feeds/known_exploited_vulnerabilities.json");
        registry.add("fixline.remediation.outage.recovery-check", () -> "PT1H"); // the test checks
        registry.add("fixline.api.busy-retry-after", () -> "PT7S");
        registry.add("fixline.ingest.inbox.enabled", () -> "true");
        registry.add("fixline.ingest.inbox.path", INBOX::toString);
        registry.add("fixline.ingest.inbox.poll-interval", () -> "PT1H"); // the test polls
    }

    @Autowired MutableClock clock;
    @Autowired JdbcTemplate jdbc;
    @Autowired PlatformTransactionManager transactions;
    @Autowired ManagementService management;
    @Autowired RuntimeService runtime;
    @Autowired TaskService tasks;
    @Autowired SweepImporter importer;
    @Autowired CaseDispatcher dispatcher;
    @Autowired RemediationCases cases;
    @Autowired Tickets tickets;
    @Autowired NotificationOutbox outbox;
    @Autowired OutageRecovery recovery;
    @Autowired ArgSweeper sweeper;
    @Autowired ArgSweepRetry argRetry;
    @Autowired KevCatalog kev;
    @Autowired FindingStore store;
    @Autowired InboxWatcher inbox;
    @Autowired TestRestTemplate http;
    @Autowired ObjectMapper json;

    JobRunner jobs;
    Instant start;

    @BeforeEach
    void allServersUp() {
        start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.set(start);
        JIRA.up();
        SMTP.up();
        ARG.up();
        KEV.up();
        JIRA.forgetRequests();
        ARG.forgetRequests();
        KEV.forgetRequests();
        SMTP.forgetMails();
        jobs = new JobRunner(jdbc, management, clock);
    }

    @AfterEach
    void serversBackAndClockReset() {
        JIRA.up();
        SMTP.up();
        ARG.up();
        KEV.up();
        clock.reset();
    }

    // ---------------------------------------------------------------- Jira

    @Test
    void jiraThrottlingThenUnreachableForTwoMonths() {
        List<CaseView> opened = openCriticalCases("jira", 8100, 3);
        List<String> instances = instancesOf(opened);
        Map<String, Long> jobsAtStart = jobsPerCase(instances);

        // Day 1: every call is rate limited, asking for an hour each time.
        JIRA.server().stubFor(any(urlPathMatching("/rest/api/3/.*")).atPriority(1).willReturn(aResponse()
                .withStatus(429).withHeader("Retry-After", "3600")));
        jobs.runDue(instances);
        Instant openRetry = management.createJobQuery().processInstanceId(instances.get(0))
                .activityId(Activity.OPEN_TICKET.id()).singleResult().getDuedate().toInstant();
        assertThat(openRetry).as("not before Jira's Retry-After").isAfterOrEqualTo(start.plusSeconds(3600));
        jobs.advance(start.plus(Duration.ofDays(1)), Duration.ofHours(2), recovery::recover, () -> { }, instances);
        JsonNode throttled = component("ticketing");
        assertThat(throttled.path("status").asText()).isEqualTo("DEGRADED");
        assertThat(throttled.at("/details/reason").asText()).contains("HTTP 429");
        for (CaseView c : opened) {
            List<LoggedRequest> searches = JIRA.requests(postRequestedFor(urlPathEqualTo("/rest/api/3/search/jql"))
                    .withRequestBody(containing(Tickets.fingerprintOf(c.id()))));
            assertThat(searches).as("one attempt an hour at most, then an incident").hasSizeBetween(1, 6);
        }

        // Days 2 to 60: connections refused.
        JIRA.down();
        jobs.advance(start.plus(Duration.ofDays(30)), Duration.ofHours(2), recovery::recover, () -> { }, instances);
        Map<String, Long> jobsAt30 = jobsPerCase(instances);
        Map<String, Long> incidentsAt30 = incidentsPerCase(instances);
        JsonNode away = component("ticketing");
        jobs.advance(start.plus(Duration.ofDays(60)), Duration.ofHours(2), recovery::recover, () -> { }, instances);
        Map<String, Long> jobsAt60 = jobsPerCase(instances);
        Map<String, Long> incidentsAt60 = incidentsPerCase(instances);
        JsonNode health = read("/actuator/health");

        assertThat(away.path("status").asText()).isEqualTo("DEGRADED");
        assertThat(away.path("description").asText()).contains("does not answer");
        assertThat(away.at("/details/reason").asText()).contains("could not connect to Jira");
        assertThat(away.at("/details/incidentsFromOutage").asLong()).isPositive();
        assertThat(health.path("status").asText()).as("Fixline stays in its load balancer").isEqualTo("UP");
        assertThat(jobsAt60).as("no job is added however long the outage lasts").isEqualTo(jobsAt30);
        assertThat(incidentsAt60).isEqualTo(incidentsAt30);
        assertThat(jobsAt60.values()).allMatch(n -> n <= 8);
        for (String instance : instances) {
            assertThat(management.createJobQuery().processInstanceId(instance).activityId(Activity.TICKET_BREACH_REPEATED.id())
                    .count()).as("weekly overdue comments join the one waiting").isOne();
            assertThat(tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey(Activity.REMEDIATE.id()).count())
                    .as("the owner's task never waited for Jira").isOne();
        }
        assertThat(mailsOf(opened, "BREACH_REPEATED")).as("the manager's weekly notices went out by mail")
                .hasSize(opened.size() * 6);
        log.info("Outage figures: jira unreachable 59 days after 1 day of 429s ({}): jobs per case at the start {}, "
                + "day 30 {} and day 60 {}, incidents per case at day 30 {} and day 60 {}, job executions {}, "
                + "overdue mails {}", database(), jobsAtStart.values(), jobsAt30.values(), jobsAt60.values(),
                incidentsAt30.values(), incidentsAt60.values(), jobs.executions(),
                mailsOf(opened, "BREACH_REPEATED").size());

        // Jira is back: the next check finds it answering, and every step goes through once.
        JIRA.up();
        jobs.advance(start.plus(Duration.ofDays(61)), Duration.ofHours(2), recovery::recover, () -> { }, instances);

        assertThat(component("ticketing").path("status").asText()).as(component("ticketing").toString())
                .isEqualTo("UP");
        assertThat(incidentsPerCase(instances).values()).allMatch(n -> n == 0);
        // A first create goes without a search (nothing was sent before), so each case's first attempt reached
        // Jira and was refused with 429; later attempts search first. Jira made no issue of a refused create.
        List<LoggedRequest> creates = JIRA.server().findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue")));
        assertThat(creates).as("one create per case once Jira answers, none lost, none twice").hasSize(opened.size());
        assertThat(JIRA.requests(postRequestedFor(urlPathEqualTo("/rest/api/3/issue"))).size() - creates.size())
                .as("creates refused while throttled: at most the first of each case").isLessThanOrEqualTo(opened.size());
        Map<String, List<String>> comments = commentMarkers();
        for (CaseView c : opened) {
            TicketLink link = tickets.linkOf(c.id()).orElseThrow();
            assertThat(link.linked()).isTrue();
            List<String> markers = comments.getOrDefault(link.key(), List.of());
            assertThat(markers).as("no comment twice").doesNotHaveDuplicates()
                    .contains("breach:" + c.dueAt().toEpochMilli(), "escalation:" + c.dueAt().toEpochMilli(),
                            "breach-repeated:1");
            assertMailedExactlyOnce(c);
        }
        assertThat(jobsPerCase(instances).values()).as("only the weekly timer is left").allMatch(n -> n == 1);
        log.info("Outage figures: jira after recovery ({}): creates {}, comments {} ({} distinct), incidents {}, "
                + "jobs per case {}", database(), creates.size(), comments.values().stream().mapToInt(List::size).sum(),
                comments.values().stream().mapToLong(m -> m.stream().distinct().count()).sum(),
                incidentsPerCase(instances).values(), jobsPerCase(instances).values());
    }

    // ---------------------------------------------------------------- SMTP

    @Test
    void smtpRefusingThenHangingForTwoMonths() {
        SMTP.down();
        List<CaseView> opened = openCriticalCases("smtp", 8200, 3);
        List<String> instances = instancesOf(opened);
        Map<String, Long> jobsAtStart = jobsPerCase(instances);

        jobs.advance(start.plus(Duration.ofDays(59)), Duration.ofHours(2), recovery::recover, () -> { }, instances);
        Map<String, Long> jobsAt59 = jobsPerCase(instances);
        JsonNode refused = component("mail");
        // The last day the server takes connections and never answers: every attempt runs into the timeout.
        SMTP.hang();
        jobs.advance(start.plus(Duration.ofDays(60)), Duration.ofHours(2), recovery::recover, () -> { }, instances);
        Map<String, Long> jobsAt60 = jobsPerCase(instances);
        Map<String, Long> incidentsAt60 = incidentsPerCase(instances);
        JsonNode hanging = component("mail");
        JsonNode health = read("/actuator/health");

        assertThat(refused.path("status").asText()).isEqualTo("DEGRADED");
        assertThat(refused.at("/details/reason").asText()).contains("could not be reached");
        assertThat(hanging.path("status").asText()).isEqualTo("DEGRADED");
        assertThat(hanging.at("/details/reason").asText()).containsIgnoringCase("timed out");
        assertThat(health.path("status").asText()).as("not DOWN: Spring Boot's mail check is replaced")
                .isEqualTo("UP");
        assertThat(jobsAt60).isEqualTo(jobsAt59);
        for (String instance : instances) {
            assertThat(tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey(Activity.REMEDIATE.id()).count())
                    .as("the owner's task did not wait for the mail").isOne();
            assertThat(management.createJobQuery().processInstanceId(instance).activityId(Activity.REPEAT_BREACH_NOTICE.id())
                    .count()).as("weekly notices join the one waiting").isOne();
        }
        for (CaseView c : opened) {
            assertThat(tickets.linkOf(c.id()).orElseThrow().linked()).as("the ticket did not wait for the mail")
                    .isTrue();
            assertThat(outbox.list(c.id(), 0, 100).items()).as("nothing kept as sent while nothing was; each waiting "
                    + "mail shows its retries and why they fail").isNotEmpty().allSatisfy(n -> {
                        assertThat(n.state()).isEqualTo(DeliveryState.RETRYING);
                        assertThat(n.sentAt()).isNull();
                        assertThat(n.attempts()).isPositive();
                        assertThat(n.lastError()).isNotBlank();
                    });
        }
        assertThat(SMTP.received()).isEmpty();
        log.info("Outage figures: smtp refused 59 days then hanging 1 day ({}): jobs per case at the start {}, day 59 "
                + "{} and day 60 {}, incidents per case {}, job executions {}", database(), jobsAtStart.values(),
                jobsAt59.values(), jobsAt60.values(), incidentsAt60.values(), jobs.executions());

        SMTP.up();
        jobs.advance(start.plus(Duration.ofDays(61)), Duration.ofHours(2), recovery::recover, () -> { }, instances);

        assertThat(component("mail").path("status").asText()).as(component("mail").toString()).isEqualTo("UP");
        assertThat(incidentsPerCase(instances).values()).allMatch(n -> n == 0);
        for (CaseView c : opened) {
            Map<String, Long> kinds = assertMailedExactlyOnce(c);
            assertThat(kinds).containsEntry("ASSIGNED", 1L).containsEntry("BREACH", 1L)
                    .containsEntry("ESCALATION", 1L)
                    .as("one overdue notice after the outage, not one per week it lasted")
                    .containsEntry("BREACH_REPEATED", 1L);
        }
        log.info("Outage figures: smtp after recovery ({}): mails {}, outbox rows {}, overdue mails {}, incidents {}, "
                + "jobs per case {}", database(), SMTP.received().size(),
                opened.stream().mapToLong(c -> outbox.list(c.id(), 0, 100).total()).sum(),
                mailsOf(opened, "BREACH_REPEATED").size(), incidentsPerCase(instances).values(),
                jobsPerCase(instances).values());
    }

    // ---------------------------------------------------------------- Resource Graph

    @Test
    void resourceGraphUnreachableThenThrottlingForThreeDays() throws Exception {
        DefenderRows rows = new DefenderRows(json, "arg");
        ObjectNode before = argRow(rows, "CVE-2026-7001");
        ObjectNode appeared = argRow(rows, "CVE-2026-7002");
        argRows = json.createArrayNode().add(before);
        ARG.up();
        assertThat(sweeper.sweep("before the outage").orElseThrow().state()).isEqualTo(SweepState.COMPLETE);
        clock.set(start.plus(Duration.ofMinutes(1)));
        String schedule = runtime.createProcessInstanceQuery().processDefinitionKey("sweepSchedule")
                .processInstanceBusinessKey("arg").singleResult().getId();
        List<String> scheduleOnly = List.of(schedule);
        Runnable checkRetry = () -> {
            argRetry.retryIfDue();
            awaitNoSweepRunning();
        };

        ARG.down();
        Instant outage = clock.instant();
        assertThat(sweeper.sweep("the first after the outage began").orElseThrow().state()).isEqualTo(SweepState.FAILED);
        jobs.advance(start.plus(Duration.ofHours(36)), Duration.ofMinutes(15), checkRetry, this::awaitNoSweepRunning,
                scheduleOnly);
        List<Sweep> unreachable = argSweepsSince(outage);
        JsonNode refused = component("resourceGraph");

        ARG.up();
        ARG.forgetRequests();
        ARG.server().stubFor(post(urlPathEqualTo(ARG_PATH)).atPriority(1).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "21600").withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"RateLimiting\",\"message\":\"throttled\"}}")));
        Instant throttling = clock.instant();
        jobs.advance(start.plus(Duration.ofHours(72)), Duration.ofMinutes(15), checkRetry, this::awaitNoSweepRunning,
                scheduleOnly);
        List<Sweep> throttled = argSweepsSince(throttling);
        JsonNode throttledHealth = component("resourceGraph");

        assertThat(unreachable).isNotEmpty().allMatch(s -> s.state() == SweepState.FAILED);
        assertThat(unreachable.size()).as("retried with growing waits, every 4 hours at most").isBetween(6, 18);
        assertThat(refused.path("status").asText()).isEqualTo("DEGRADED");
        assertThat(refused.at("/details/reason").asText()).contains("could not be read");
        assertThat(refused.at("/details/failedSweeps").asInt()).isEqualTo(unreachable.size());
        assertThat(throttled).isNotEmpty().allMatch(s -> s.state() == SweepState.FAILED);
        for (int i = 1; i < throttled.size(); i++) {
            assertThat(Duration.between(throttled.get(i - 1).startedAt(), throttled.get(i).startedAt()))
                    .as("never before Resource Graph's Retry-After").isGreaterThanOrEqualTo(Duration.ofHours(6));
        }
        assertThat(ARG.requests(postRequestedFor(urlPathEqualTo(ARG_PATH)))).as("a long Retry-After is not waited "
                + "out inside a sweep: one request per sweep").hasSize(throttled.size());
        assertThat(throttledHealth.path("status").asText()).isEqualTo("DEGRADED");
        assertThat(throttledHealth.at("/details/reason").asText()).contains("throttling").contains("21600 s");
        assertThat(management.createJobQuery().processInstanceId(schedule).count()).as("the schedule's one timer")
                .isOne();
        log.info("Outage figures: resource graph unreachable 36 h then throttled 36 h ({}): failed sweeps {} and {}, "
                + "requests while throttled {}", database(), unreachable.size(), throttled.size(),
                ARG.requests(postRequestedFor(urlPathEqualTo(ARG_PATH))).size());

        // Back, with a finding that appeared meanwhile.
        argRows = json.createArrayNode().add(before).add(appeared);
        ARG.up();
        Instant back = clock.instant();
        jobs.advance(back.plus(Duration.ofHours(8)), Duration.ofMinutes(15), checkRetry, this::awaitNoSweepRunning,
                scheduleOnly);
        List<Sweep> after = argSweepsSince(back);

        assertThat(after).isNotEmpty().allMatch(s -> s.state() == SweepState.COMPLETE);
        assertThat(after.get(0).startedAt()).as("not before the last Retry-After")
                .isAfterOrEqualTo(throttled.get(throttled.size() - 1).startedAt().plus(Duration.ofHours(6)));
        assertThat(after.stream().skip(1).filter(s -> s.sourceName().contains("retry")))
                .as("once a sweep reads, the retries stop").isEmpty();
        assertThat(after.size()).as("the one that read, and the scheduled one if it fell due").isBetween(1, 2);
        assertThat(after.get(0).counts().newFindings()).isOne();
        assertThat(after.stream().skip(1).mapToInt(s -> s.counts().newFindings()).sum()).isZero();
        assertThat(store.findings(new FindingQuery(null, null, null, "CVE-2026-7002"), 0, 10).items())
                .filteredOn(f -> f.key().registryHost().equals(rows.registryHost())).hasSize(1);
        assertThat(component("resourceGraph").path("status").asText()).isEqualTo("UP");
        log.info("Outage figures: resource graph after recovery ({}): sweeps {} ({}), new findings {}", database(),
                after.size(), after.stream().map(s -> s.state().name()).toList(), after.get(0).counts().newFindings());
    }

    // ---------------------------------------------------------------- KEV

    @Test
    void kevFeedUnreachableThenThrottlingForSixDays() throws Exception {
        String cve = "CVE-2026-7101";
        kevCatalog = kevCatalog("CVE-2021-44228");
        KEV.up();
        assertThat(kev.refresh()).isTrue();
        DefenderRows rows = new DefenderRows(json, "kev");
        importRows("kev-outage", rows.row("app/kev", "sha256:" + "d".repeat(64), start.minus(Duration.ofDays(2)),
                start.minus(Duration.ofDays(1)), cve, "Medium", rows.os(null), "libkev", "1.0.0", "1.0.1"));
        dispatcher.dispatch();
        assertThat(casesOf(rows, cve)).as("Medium and not listed: no case").isEmpty();

        KEV.down();
        tickKev(start.plus(Duration.ofDays(2)));
        JsonNode fresh = component("kev");
        tickKev(start.plus(Duration.ofDays(5)));
        JsonNode stale = component("kev");
        int refusedAttempts = stale.at("/details/failedAttempts").asInt();

        KEV.up();
        KEV.forgetRequests();
        KEV.server().stubFor(get(urlPathMatching("/feeds/.*")).atPriority(1).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "10800")));
        tickKev(start.plus(Duration.ofDays(6)));
        int throttledRequests = KEV.requests(anyRequestedFor(urlPathMatching("/feeds/.*"))).size();
        JsonNode throttled = component("kev");

        assertThat(fresh.path("status").asText()).as("a catalog younger than max-age is still good").isEqualTo("UP");
        assertThat(fresh.at("/details/lastFailure").asText()).contains("ConnectException");
        assertThat(stale.path("status").asText()).isEqualTo("DEGRADED");
        assertThat(stale.path("description").asText()).contains("older than fixline.sla.kev.max-age");
        assertThat(stale.at("/details/failingSince").asText()).isNotBlank();
        assertThat(refusedAttempts).as("four days down: at most one attempt an hour after the first few")
                .isBetween(4 * 24 - 4, 4 * 24 + 5);
        assertThat(throttledRequests).as("a day of Retry-After 3 h: at most one request every 3 hours")
                .isBetween(1, 9);
        assertThat(throttled.at("/details/lastFailure").asText()).contains("HTTP 429").contains("10800");
        assertThat(kev.size()).as("the catalog loaded before stays in use").isOne();
        log.info("Outage figures: kev unreachable 4 days then throttled 1 day ({}): failed loads {}, requests while "
                + "throttled {}", database(), refusedAttempts, throttledRequests);

        // Back, now listing the finding's CVE.
        kevCatalog = kevCatalog("CVE-2021-44228", cve);
        KEV.up();
        tickKev(start.plus(Duration.ofDays(6)).plus(Duration.ofHours(4)));
        dispatcher.dispatch();
        kev.refresh();
        dispatcher.dispatch();

        assertThat(component("kev").path("status").asText()).isEqualTo("UP");
        assertThat(kev.listed(cve)).isTrue();
        assertThat(casesOf(rows, cve)).as("the listing opens its case once").hasSize(1);
        log.info("Outage figures: kev after recovery ({}): cases opened for the new listing {}", database(),
                casesOf(rows, cve).size());
    }

    // ---------------------------------------------------------------- a busy finding store

    @Test
    void aSweepThatFindsTheFindingStoreBusyGets503AndNothingIsApplied() throws Exception {
        DefenderRows rows = new DefenderRows(json, "busy");
        ObjectNode row = rows.row("app/busy", "sha256:" + "e".repeat(64), start.minus(Duration.ofDays(2)),
                start.minus(Duration.ofDays(1)), "CVE-2026-7201", "High", rows.os(null), "libbusy", "1.0.0", "1.0.1");
        byte[] export = json.writeValueAsBytes(json.createObjectNode().set("data", json.createArrayNode().add(row)));
        long sweepsBefore = store.sweeps(0, 1).total();
        long findingsBefore = store.findings(new FindingQuery(null, null, null, null), 0, 1).total();
        Files.write(INBOX.resolve("busy-export.json"), export);

        List<ResponseEntity<String>> answers = new ArrayList<>();
        holdingTheFindingStore(() -> {
            answers.add(upload(export, MediaType.APPLICATION_JSON));
            answers.add(upload(csv(rows), MediaType.parseMediaType("text/csv")));
            LinkedMultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
            parts.add("file", new ByteArrayResource(export) {
                @Override
                public String getFilename() {
                    return "page-1.json";
                }
            });
            answers.add(http.withBasicAuth("manager", "demo").postForEntity("/api/sweeps", parts, String.class));
            inbox.poll();
        });

        for (ResponseEntity<String> answer : answers) {
            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
            assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            JsonNode problem = json.readTree(answer.getBody());
            assertThat(problem.path("title").asText()).isEqualTo("Busy");
            assertThat(problem.path("status").asInt()).isEqualTo(503);
            assertThat(problem.path("detail").asText()).contains("nothing of this one was applied");
        }
        assertThat(store.sweeps(0, 1).total()).as("nothing applied").isEqualTo(sweepsBefore);
        assertThat(store.findings(new FindingQuery(null, null, null, null), 0, 1).total()).isEqualTo(findingsBefore);
        assertThat(INBOX.resolve("busy-export.json")).as("the inbox keeps the file for a later poll").exists();
        assertThat(listing(INBOX.resolve("rejected"))).noneMatch(n -> n.contains("busy-export"));

        log.info("Outage figures: busy finding store ({}): answers {} with Retry-After {}, sweeps applied {}, inbox "
                + "file kept {}", database(), answers.stream().map(a -> a.getStatusCode().value()).toList(),
                answers.get(0).getHeaders().getFirst(HttpHeaders.RETRY_AFTER),
                store.sweeps(0, 1).total() - sweepsBefore, Files.exists(INBOX.resolve("busy-export.json")));
        inbox.poll();
        assertThat(listing(INBOX.resolve("processed"))).anyMatch(n -> n.endsWith("-busy-export.json"));
        assertThat(store.sweeps(0, 1).total()).isEqualTo(sweepsBefore + 1);
        assertThat(upload(csv(rows), MediaType.parseMediaType("text/csv")).getStatusCode()).as("sent again later")
                .isEqualTo(HttpStatus.ACCEPTED);
    }

    // ---------------------------------------------------------------- helpers

    abstract String database();

    /** Critical findings (a 7-day SLA), first seen a day ago, in a registry of the test's own; their cases started. */
    private List<CaseView> openCriticalCases(String prefix, int firstCve, int count) {
        DefenderRows rows = new DefenderRows(json, prefix);
        List<ObjectNode> found = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            found.add(rows.row("app/" + prefix, "sha256:" + String.valueOf((char) ('a' + i)).repeat(64),
                    start.minus(Duration.ofDays(2)), start.minus(Duration.ofDays(1)),
                    "CVE-2026-" + (firstCve + i), "Critical", rows.os(null), "lib" + prefix + i, "1.0.0",
                    "1.0.1"));
        }
        importRows(prefix, found.toArray(ObjectNode[]::new));
        dispatcher.dispatch();
        List<CaseView> opened = cases.list(new CaseQuery(null, null, null, null, null, null), 0, 1000).items()
                .stream().filter(c -> c.registryHost().equals(rows.registryHost()))
                .sorted(Comparator.comparing(CaseView::vulnerabilityId)).toList();
        assertThat(opened).hasSize(count);
        return opened;
    }

    private void importRows(String name, ObjectNode... rows) {
        ArrayNode data = json.createArrayNode();
        Stream.of(rows).forEach(data::add);
        try {
            importer.importArgExport(name, new ByteArrayInputStream(json.writeValueAsBytes(
                    json.createObjectNode().set("data", data))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<CaseView> casesOf(DefenderRows rows, String cve) {
        return cases.list(new CaseQuery(null, null, null, null, null, cve), 0, 100).items().stream()
                .filter(c -> c.registryHost().equals(rows.registryHost())).toList();
    }

    private static List<String> instancesOf(List<CaseView> opened) {
        return opened.stream().map(CaseView::processInstanceId).toList();
    }

    private Map<String, Long> jobsPerCase(List<String> instances) {
        Map<String, Long> counts = new LinkedHashMap<>();
        instances.forEach(i -> counts.put(i, management.createJobQuery().processInstanceId(i).count()));
        return counts;
    }

    private Map<String, Long> incidentsPerCase(List<String> instances) {
        Map<String, Long> counts = new LinkedHashMap<>();
        instances.forEach(i -> counts.put(i, runtime.createIncidentQuery().processInstanceId(i).count()));
        return counts;
    }

    /** Every mail the outbox kept for the case arrived exactly once, and no other; returns the count per kind. */
    private Map<String, Long> assertMailedExactlyOnce(CaseView c) {
        List<SentNotification> all = outbox.list(c.id(), 0, 1000).items();
        assertThat(all).as("nothing left half-way: sent, or not sent with the reason (a reminder whose retries "
                + "outlasted the due date)").allSatisfy(n -> assertThat(n.state()).isIn(DeliveryState.SENT,
                DeliveryState.NOT_SENT)).filteredOn(n -> n.state() == DeliveryState.NOT_SENT)
                .allSatisfy(n -> assertThat(n.kind()).startsWith("REMINDER"));
        List<SentNotification> kept = all.stream().filter(n -> n.state() == DeliveryState.SENT).toList();
        List<String> keptSubjects = kept.stream().map(SentNotification::subject).sorted().toList();
        List<String> mailedSubjects = SMTP.received().stream().map(OutagesTest::subject)
                .filter(s -> s.contains(c.vulnerabilityId())).sorted().toList();
        assertThat(mailedSubjects).as("mailed exactly what the outbox kept, each once").isEqualTo(keptSubjects);
        return kept.stream().collect(Collectors.groupingBy(SentNotification::kind, Collectors.counting()));
    }

    private List<SentNotification> mailsOf(List<CaseView> opened, String kind) {
        return opened.stream().flatMap(c -> outbox.list(c.id(), 0, 1000).items().stream())
                .filter(n -> n.kind().equals(kind)).toList();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code fixline-event:…} markers of the comments Jira received, by ticket key. */
    private static Map<String, List<String>> commentMarkers() {
        Pattern path = Pattern.compile("/rest/api/3/issue/([^/]+)/comment");
        Pattern marker = Pattern.compile("fixline-event:([^\"\\\\]+)");
        Map<String, List<String>> byKey = new HashMap<>();
        for (LoggedRequest r : JIRA.requests(postRequestedFor(urlPathMatching("/rest/api/3/issue/[^/]+/comment")))) {
            Matcher key = path.matcher(r.getUrl());
            Matcher m = marker.matcher(r.getBodyAsString());
            if (key.find() && m.find()) {
                byKey.computeIfAbsent(key.group(1), k -> new ArrayList<>()).add(m.group(1));
            }
        }
        return byKey;
    }

    private List<Sweep> argSweepsSince(Instant since) {
        return store.latestSweeps(ArgSweeper.SOURCE, 500).stream().filter(s -> !s.startedAt().isBefore(since))
                .sorted(Comparator.comparing(Sweep::startedAt)).toList();
    }

    private void awaitNoSweepRunning() {
        for (int i = 0; i < 600; i++) {
            Boolean running = jdbc.queryForObject(
                    "SELECT COUNT(*) > 0 FROM sweep_lock WHERE scope = 'arg' AND holder IS NOT NULL", Boolean.class);
            if (!Boolean.TRUE.equals(running)) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("a Resource Graph sweep is still running");
    }

    private static ObjectNode argRow(DefenderRows rows, String cve) {
        ObjectNode row = rows.row("app/graph", "sha256:" + "f".repeat(64), Instant.now().minus(Duration.ofDays(3)),
                Instant.now().minus(Duration.ofDays(2)), cve, "High", rows.os(null), "libgraph", "1.0.0", "1.0.1");
        row.put("id", row.path("id").asText().replace("00000000-0000-0000-0000-000000000001", SUBSCRIPTION));
        row.put("subscriptionId", SUBSCRIPTION);
        return row;
    }

    /** The KEV feed's periodic check, every five minutes of test time, until then. */
    private void tickKev(Instant until) {
        for (Instant t = clock.instant(); !t.isAfter(until); t = t.plus(Duration.ofMinutes(5))) {
            clock.set(t);
            kev.refreshIfDue();
        }
    }

    private void holdingTheFindingStore(Runnable whileHeld) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> new TransactionTemplate(transactions).executeWithoutResult(s -> {
            jdbc.queryForList("SELECT scope FROM sweep_lock WHERE scope = 'finding-store' FOR UPDATE");
            held.countDown();
            try {
                release.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), "another-sweep");
        holder.start();
        assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
        try {
            whileHeld.run();
        } finally {
            release.countDown();
            holder.join();
        }
    }

    private ResponseEntity<String> upload(byte[] body, MediaType type) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(type);
        return http.withBasicAuth("manager", "demo").postForEntity("/api/sweeps", new HttpEntity<>(body, headers),
                String.class);
    }

    private byte[] csv(DefenderRows rows) {
        String id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/"
                + "Microsoft.ContainerRegistry/registries/" + rows.registryHost().replace(".azurecr.io", "")
                + "/providers/Microsoft.Security/assessments/c0b7cfc6-3172-465a-b378-53c7ff2cc0d5/subassessments/csv1";
        return ("id,repositoryName,registryName,imageDigest,vulnId,vulnName,scanFindingSeverity,cvssV30Score,"
                + "packageName,installedPackageVersion,fixedPackageVersion,timeGenerated\r\n"
                + "\"" + id + "\",app/csv," + rows.registryHost() + ",sha256:" + "c".repeat(64)
                + ",CVE-2026-7202,CVE-2026-7202,High,7.5,libcsv,1.0.0,1.0.1," + start.minus(Duration.ofHours(12))
                + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** A component of {@code /actuator/health} as an administrator sees it. */
    private JsonNode component(String name) {
        return read("/actuator/health").path("components").path(name);
    }

    private JsonNode read(String path) {
        try {
            return json.readTree(http.withBasicAuth("admin", "demo").getForObject(path, String.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- the servers when all is well

    static void healthyJira(WireMockServer jira) {
        jira.stubFor(get(urlPathEqualTo("/rest/api/3/myself")).willReturn(okJson(
                "{\"accountId\":\"5b10ac8d82e05b22cc7d0001\",\"displayName\":\"Fixline\",\"active\":true}")));
        jira.stubFor(get(urlPathEqualTo("/rest/api/3/user/search")).willReturn(okJson("[]")));
        jira.stubFor(post(urlPathEqualTo("/rest/api/3/search/jql")).willReturn(okJson("{\"issues\":[],\"isLast\":true}")));
        // The key is made of the case's fingerprint label, so each case's ticket has a key of its own.
        jira.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"id\":\"{{jsonPath request.body '$.fields.labels[1]'}}\","
                        + "\"key\":\"SEC-{{jsonPath request.body '$.fields.labels[1]'}}\"}")));
        jira.stubFor(post(urlPathMatching("/rest/api/3/issue/[^/]+/comment")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"10500\"}")));
        jira.stubFor(get(urlPathMatching("/rest/api/3/issue/[^/]+/comment")).willReturn(okJson(
                "{\"startAt\":0,\"maxResults\":100,\"total\":0,\"comments\":[]}")));
        jira.stubFor(put(urlPathMatching("/rest/api/3/issue/[^/]+")).willReturn(aResponse().withStatus(204)));
    }

    static void healthyResourceGraph(WireMockServer arg) {
        arg.stubFor(post(urlPathEqualTo(ARG_PATH)).atPriority(2).withRequestBody(containing("resourcecontainers"))
                .willReturn(okJson("{\"totalRecords\":1,\"count\":1,\"resultTruncated\":\"false\",\"data\":"
                        + "[{\"subscriptionId\":\"" + SUBSCRIPTION + "\"}]}")));
        arg.stubFor(post(urlPathEqualTo(ARG_PATH)).atPriority(2)
                .withRequestBody(containing("microsoft.containerregistry/registries"))
                .willReturn(okJson("{\"totalRecords\":0,\"count\":0,\"resultTruncated\":\"false\",\"data\":[]}")));
        ArrayNode rows = argRows;
        arg.stubFor(post(urlPathEqualTo(ARG_PATH)).atPriority(3).willReturn(okJson("{\"totalRecords\":" + rows.size()
                + ",\"count\":" + rows.size() + ",\"resultTruncated\":\"false\",\"data\":" + rows + ",\"facets\":[]}")));
    }

    static void healthyKev(WireMockServer kevFeed) {
        kevFeed.stubFor(get(urlPathEqualTo("/feeds/known_exploited_vulnerabilities.json")).atPriority(2)
                .willReturn(okJson(kevCatalog)));
    }

    static String kevCatalog(String... cves) {
        return "{\"title\":\"CISA Catalog of Known Exploited Vulnerabilities\",\"catalogVersion\":\"2026.0" + cves.length
                + ".01\",\"dateReleased\":\"2026-01-01T12:00:00.000Z\",\"count\":" + cves.length + ",\"vulnerabilities\":["
                + Stream.of(cves).map(c -> "{\"cveID\":\"" + c + "\",\"vendorProject\":\"Vendor\",\"product\":\"Product\","
                        + "\"vulnerabilityName\":\"Name\",\"dateAdded\":\"2026-01-01\",\"shortDescription\":\"…\","
                        + "\"requiredAction\":\"Apply updates.\",\"dueDate\":\"2026-01-22\"}")
                .collect(Collectors.joining(",")) + "]}";
    }
}
