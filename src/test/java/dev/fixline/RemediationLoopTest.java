package dev.fixline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import dev.fixline.remediation.CaseDispatcher;
import dev.fixline.remediation.RemediationCases;
import dev.fixline.remediation.ManagerOverview;
import dev.fixline.ticketing.Tickets;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole loop through the API, as a security team would see it: the day-1 export opens owned
 * cases with SLA dates, the reminder and breach timers fire (the breach notice reaches the manager by
 * SMTP), the day-2 and day-3 exports close cases with their evidence. Runs on H2 and on PostgreSQL.
 */
abstract class RemediationLoopTest {

    static final Instant DAY_1 = Instant.parse("2026-11-20T06:30:00Z");
    static final Instant DAY_2 = Instant.parse("2026-11-21T06:30:00Z");
    static final Instant DAY_3 = Instant.parse("2026-11-22T06:30:00Z");

    @Autowired TestRestTemplate http;
    @Autowired ManagementService management;
    @Autowired CaseDispatcher dispatcher;
    @Autowired RemediationCases cases;
    @Autowired MutableClock clock;
    @Autowired ObjectMapper json;

    @TestConfiguration
    static class Clocks {
        @Bean
        @org.springframework.context.annotation.Primary
        MutableClock clock() {
            return new MutableClock();
        }
    }

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        GreenMail smtp = TestInfrastructure.smtp();
        registry.add("spring.mail.host", () -> "localhost");
        // This loop follows each case's own mails; digests have their own test (DigestTest).
        registry.add("fixline.notification.digest.enabled", () -> "false");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Autowired dev.fixline.notification.NotificationOutbox outbox;
    @Autowired org.springframework.transaction.support.TransactionTemplate tx;

    /**
     * A step whose transaction rolls back after it mailed (a job that lost a race with another job of its
     * case, on another node) leaves the mail and its record, committed on their own at the message's end:
     * never a mail without its record. The step running again finds the record and mails nothing more.
     */
    @Test
    void aNoticeMailedByAStepThatRolledBackIsRecordedAndNotMailedAgain() {
        String to = "rollback-" + java.util.UUID.randomUUID() + "@contoso.example";
        dev.fixline.notification.Notification notice = new dev.fixline.notification.Notification(
                "rollback-test:" + to, "REMINDER", null, to, "[Fixline] Rolled back", "A step that rolled back");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            outbox.send(notice);
            throw new IllegalStateException("the step's commit found its case changed by another node");
        })).hasMessageContaining("another node");
        assertThat(mailsTo(to)).isEqualTo(1);
        assertThat(outbox.list(null, 0, 1000).items()).filteredOn(n -> n.recipient().equals(to))
                .singleElement().satisfies(n -> assertThat(n.sentAt()).as("recorded as sent").isNotNull());

        boolean sentAgain = tx.execute(s -> outbox.send(notice));
        assertThat(sentAgain).isFalse();
        assertThat(mailsTo(to)).as("the retried step mails nothing more").isEqualTo(1);
        testRows.update("DELETE FROM notification WHERE dedup_key = ?", notice.dedupKey()); // the loop counts reminders
    }

    @Autowired org.springframework.jdbc.core.JdbcTemplate testRows;

    private static long mailsTo(String recipient) {
        return Arrays.stream(TestInfrastructure.smtp().getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(recipient);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).count();
    }

    @Test
    void dayOneExportToVerifiedFixes() throws Exception {
        TestInfrastructure.smtp().purgeEmailFromAllMailboxes();

        // Day 1: 41 rows, 2 exempt, 36 findings of which 18 are High or Critical.
        clock.set(DAY_1);
        JsonNode day1 = importSample("day-1.json");
        assertThat(day1.path("state").asText()).isEqualTo("COMPLETE");
        assertThat(day1.at("/counts/rows").asInt()).isEqualTo(41);
        assertThat(day1.at("/counts/notApplicable").asInt()).isEqualTo(2);
        assertThat(day1.at("/counts/newFindings").asInt()).isEqualTo(36);
        assertThat(get("/api/findings?size=1000").path("total").asInt()).isEqualTo(36);

        assertThat(dispatcher.dispatch().started()).isEqualTo(18);
        runAsyncJobs();
        List<JsonNode> open = items(get("/api/cases?state=OPEN&size=1000"));
        assertThat(open).hasSize(18);
        assertThat(open).allSatisfy(c -> {
            assertThat(c.path("severity").asText()).isIn("HIGH", "CRITICAL");
            assertThat(c.path("owner").asText()).isNotBlank();
            int days = "CRITICAL".equals(c.path("severity").asText()) ? 7 : 30;
            assertThat(instant(c, "dueAt")).as("SLA counted from first detection")
                    .isEqualTo(instant(c, "firstDetectedAt").plus(java.time.Duration.ofDays(days)));
        });
        JsonNode log4j = single("/api/cases?cve=CVE-2021-44228");
        assertThat(log4j.path("owner").asText()).isEqualTo("owner");
        assertThat(log4j.path("team").asText()).isEqualTo("payments");
        assertThat(log4j.path("ownershipRule").asText()).isEqualTo("payments-prod");
        assertThat(items(get("/api/notifications?size=1000")))
                .filteredOn(n -> n.path("kind").asText().equals("ASSIGNED")).hasSize(18);
        JsonNode opensslFix = single("/api/cases?cve=CVE-2023-5363").path("recommendedFix");
        assertThat(opensslFix.path("version").asText()).as("the highest fixed version of openssl")
                .isEqualTo("3.0.2-0ubuntu1.15");
        assertThat(opensslFix.path("fixes")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("CVE-2023-5363", "CVE-2024-2511");
        assertThat(opensslFix.path("summary").asText())
                .isEqualTo("upgrade openssl to ≥ 3.0.2-0ubuntu1.15 — fixes 2 vulnerabilities");

        // The job executor fires due timers: reminders for cases not yet due, breach notices for the overdue.
        List<JsonNode> overdue = open.stream().filter(c -> instant(c, "dueAt").isBefore(DAY_1)).toList();
        List<JsonNode> toRemind = open.stream().filter(c -> !instant(c, "remindAt").isAfter(DAY_1)
                && instant(c, "dueAt").isAfter(DAY_1)).toList();
        assertThat(overdue).as("the samples hold overdue cases").isNotEmpty();
        assertThat(toRemind).as("the samples hold cases past their reminder").isNotEmpty();
        fireDueTimers();

        List<JsonNode> breached = items(get("/api/cases?breached=true&size=1000"));
        assertThat(ids(breached)).containsExactlyInAnyOrderElementsOf(ids(overdue));
        List<JsonNode> notices = items(get("/api/notifications?size=1000"));
        assertThat(notices).filteredOn(n -> n.path("kind").asText().equals("BREACH"))
                .hasSize(overdue.size())
                .allSatisfy(n -> assertThat(n.path("recipient").asText()).isEqualTo("manager@contoso.example"));
        assertThat(notices).filteredOn(n -> n.path("kind").asText().equals("REMINDER")).hasSize(toRemind.size());
        List<MimeMessage> mails = Arrays.stream(TestInfrastructure.smtp().getReceivedMessages())
                .filter(m -> subject(m).startsWith("[Fixline] SLA breached")).toList();
        assertThat(mails).hasSize(overdue.size());
        assertThat(mails.get(0).getAllRecipients()[0].toString()).isEqualTo("manager@contoso.example");
        assertThat(timelineTypes(overdue.get(0))).contains("CASE_OPENED", "OWNER_ASSIGNED", "SLA_SET",
                "NOTIFIED", "SLA_BREACHED");
        // A week past due, the next person of the rule's escalation chain hears of it (the samples name the CISO).
        List<JsonNode> escalated = overdue.stream()
                .filter(c -> !instant(c, "dueAt").plus(java.time.Duration.ofDays(7)).isAfter(DAY_1)).toList();
        assertThat(escalated).as("the samples hold cases overdue by more than a week").isNotEmpty();
        assertThat(notices).filteredOn(n -> n.path("kind").asText().equals("ESCALATION")).hasSize(escalated.size());
        assertThat(notices).filteredOn(n -> n.path("kind").asText().equals("ESCALATION")
                && n.path("recipient").asText().equals("ciso@contoso.example")).isNotEmpty();
        assertThat(timelineTypes(escalated.get(0))).contains("ESCALATED");

        // The manager's dashboard counts the same cases (its SQL runs on H2 and on PostgreSQL).
        ManagerOverview dashboard = cases.overview(null);
        assertThat(dashboard.counts()).isEqualTo(new ManagerOverview.SlaCounts(18, overdue.size(), overdue.size(),
                open.stream().filter(c -> !instant(c, "dueAt").isBefore(DAY_1)
                        && instant(c, "dueAt").isBefore(DAY_1.plus(java.time.Duration.ofDays(7)))).count(), 0,
                open.stream().filter(c -> c.path("ownershipRule").asText().equals("fallback")).count()));
        assertThat(dashboard.breaches()).extracting(ManagerOverview.Breach::caseId)
                .containsExactlyElementsOf(overdue.stream().sorted(java.util.Comparator.comparing(
                        (JsonNode c) -> instant(c, "dueAt")).thenComparing(c -> c.path("id").asText()))
                        .map(c -> c.path("id").asText()).toList());
        assertThat(dashboard.breaches()).allSatisfy(b -> assertThat(b.ticketKey()).startsWith("FIX-"));
        assertThat(dashboard.teams().stream().mapToLong(t -> t.onTime() + t.overdue()).sum()).isEqualTo(18);
        assertThat(dashboard.teams().stream().mapToLong(ManagerOverview.TeamLoad::overdue).sum())
                .isEqualTo(overdue.size());
        assertThat(dashboard.unowned().owner()).isEqualTo("secops-triage");
        assertThat(dashboard.unowned().cases()).hasSize((int) dashboard.counts().unowned());

        // Without Jira, the built-in ticket log keeps one ticket per case, with the ladder on it.
        JsonNode log4jTicket = get("/api/cases/" + log4j.path("id").asText() + "/ticket");
        assertThat(log4jTicket.at("/link/state").asText()).isEqualTo("LINKED");
        assertThat(log4jTicket.at("/link/key").asText()).startsWith("FIX-");
        assertThat(log4jTicket.at("/ticket/summary").asText())
                .isEqualTo("[Critical] CVE-2021-44228 in log4j-core — contosoprod/payments/worker");
        assertThat(log4jTicket.at("/ticket/assignee").asText()).isEqualTo("owner@contoso.example");
        assertThat(log4jTicket.at("/ticket/labels").toString()).contains("fixline", Tickets.fingerprintOf(
                log4j.path("id").asText()));
        JsonNode breachedTicket = get("/api/cases/" + overdue.get(0).path("id").asText() + "/ticket");
        assertThat(breachedTicket.at("/ticket/comments").toString()).contains("SLA breached");
        assertThat(breachedTicket.at("/ticket/priority").asText())
                .as("raised a step at the breach: High becomes Highest, Critical already is").isEqualTo("Highest");
        assertThat(timelineTypes(overdue.get(0))).contains("TICKET_OPENED", "TICKET_COMMENTED");

        // Day 2: a newer payments/api image is clean (rule 2) and openssl was upgraded on payments/worker (rule 1).
        clock.set(DAY_2);
        JsonNode day2 = importSample("day-2.json");
        assertThat(day2.at("/counts/newFindings").asInt()).isEqualTo(1);
        assertThat(day2.at("/counts/changed").asInt()).as("axios severity; three findings on new digests")
                .isEqualTo(4);
        assertThat(day2.at("/counts/fixed").asInt()).isEqualTo(7);
        assertThat(day2.at("/counts/gone").asInt()).isZero();
        assertThat(day2.at("/counts/reopened").asInt()).isZero();
        dispatcher.dispatch();
        runAsyncJobs();

        JsonNode openssl = single("/api/cases?cve=CVE-2023-5363");
        assertThat(openssl.path("state").asText()).isEqualTo("CLOSED");
        assertThat(openssl.path("resolution").asText()).isEqualTo("FIXED");
        assertThat(openssl.at("/closureEvidence/rule").asText()).isEqualTo("FIXED_VERSION_OBSERVED");
        assertThat(openssl.at("/closureEvidence/installedVersion").asText()).isEqualTo("3.0.2-0ubuntu1.12");
        assertThat(openssl.at("/closureEvidence/fixedVersion").asText()).isEqualTo("3.0.2-0ubuntu1.12");
        assertThat(openssl.at("/closureEvidence/sweepIds/0").asText()).isEqualTo(day2.path("id").asText());
        assertThat(timelineTypes(openssl)).contains("RESCAN_FIXED", "CASE_CLOSED", "TICKET_CLOSED");
        JsonNode opensslTicket = get("/api/cases/" + openssl.path("id").asText() + "/ticket");
        assertThat(opensslTicket.at("/ticket/statusCategory").asText()).isEqualTo("done");
        assertThat(opensslTicket.at("/ticket/comments").toString()).contains("Verified fixed by a rescan",
                "3.0.2-0ubuntu1.12");
        assertThat(items(get("/api/notifications?case=" + openssl.path("id").asText())))
                .anySatisfy(n -> assertThat(n.path("kind").asText()).isEqualTo("CLOSED"));

        JsonNode glibc = single("/api/cases?cve=CVE-2023-4911");
        assertThat(glibc.path("resolution").asText()).isEqualTo("FIXED");
        assertThat(glibc.at("/closureEvidence/rule").asText()).isEqualTo("NEWER_IMAGE_CLEAN");

        JsonNode stillOpen = single("/api/cases?cve=CVE-2021-44228");
        assertThat(stillOpen.path("state").asText()).as("newer image within the scan grace period").isEqualTo("OPEN");
        JsonNode log4jFinding = get("/api/findings/" + stillOpen.at("/findingIds/0").asText());
        assertThat(log4jFinding.path("lastDecision").asText()).contains("scan grace period");

        JsonNode next = single("/api/cases?cve=CVE-2025-29927");
        assertThat(next.path("severity").asText()).isEqualTo("CRITICAL");
        assertThat(next.path("state").asText()).isEqualTo("OPEN");
        assertThat(single("/api/cases?cve=CVE-2023-45857").path("severity").asText())
                .as("Medium raised to High opens a case").isEqualTo("HIGH");

        // Day 3: the grace period has passed for payments/worker, and tools/debug-shell has been absent twice.
        clock.set(DAY_3);
        JsonNode day3 = importSample("day-3.json");
        assertThat(day3.at("/counts/fixed").asInt()).isEqualTo(3);
        assertThat(day3.at("/counts/gone").asInt()).isEqualTo(4);
        assertThat(day3.at("/counts/changed").asInt()).isZero();
        assertThat(get("/api/findings?state=OPEN").path("total").asInt()).isEqualTo(23);
        dispatcher.dispatch();
        runAsyncJobs();

        JsonNode log4jClosed = single("/api/cases?cve=CVE-2021-44228");
        assertThat(log4jClosed.path("resolution").asText()).isEqualTo("FIXED");
        assertThat(log4jClosed.at("/closureEvidence/rule").asText()).isEqualTo("NEWER_IMAGE_CLEAN");
        List<JsonNode> gone = items(get("/api/cases?repository=tools/debug-shell&size=100"));
        assertThat(gone).isNotEmpty().allSatisfy(c -> {
            assertThat(c.path("state").asText()).isEqualTo("CLOSED");
            assertThat(c.path("resolution").asText()).isEqualTo("GONE");
            assertThat(c.at("/closureEvidence/rule").asText()).isEqualTo("ABSENT");
        });
        assertThat(management.createJobQuery().processInstanceId(log4jClosed.path("processInstanceId").asText())
                .count()).as("a closed case leaves no timer behind").isZero();
    }

    private JsonNode importSample(String name) throws IOException {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> response = http.withBasicAuth("manager", "demo").postForEntity(
                "/api/sweeps?name=" + name, new HttpEntity<>(Files.readAllBytes(Path.of("samples", name)), headers),
                String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        return json.readTree(response.getBody());
    }

    private JsonNode get(String path) throws IOException {
        ResponseEntity<String> response = http.withBasicAuth("auditor", "demo").getForEntity(path, String.class);
        assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
        return json.readTree(response.getBody());
    }

    private JsonNode single(String path) throws IOException {
        List<JsonNode> found = items(get(path));
        assertThat(found).as(path).hasSize(1);
        return found.get(0);
    }

    private List<String> timelineTypes(JsonNode c) throws IOException {
        List<String> types = new ArrayList<>();
        get("/api/cases/" + c.path("id").asText() + "/timeline").forEach(e -> types.add(e.path("type").asText()));
        return types;
    }

    private static List<JsonNode> items(JsonNode page) {
        List<JsonNode> list = new ArrayList<>();
        page.path("items").forEach(list::add);
        return list;
    }

    private static List<String> ids(List<JsonNode> cases) {
        return cases.stream().map(c -> c.path("id").asText()).toList();
    }

    private static Instant instant(JsonNode node, String field) {
        return Instant.parse(node.path(field).asText());
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs every asynchronous step, and the ones they lead to, until none is left. */
    private void runAsyncJobs() {
        for (int round = 0; round < 20; round++) {
            List<Job> jobs = management.createJobQuery().messages().list();
            if (jobs.isEmpty()) {
                return;
            }
            jobs.forEach(job -> management.executeJob(job.getId()));
        }
        throw new AssertionError("asynchronous steps keep coming");
    }

    /** What the job executor does at the test clock's instant: run the timers that are due. */
    private void fireDueTimers() {
        Date now = Date.from(clock.instant().plusMillis(1));
        for (Job job : management.createJobQuery().timers().duedateLowerThan(now).list()) {
            management.executeJob(job.getId());
        }
        runAsyncJobs();
    }
}
