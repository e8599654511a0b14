package dev.fixline.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import dev.fixline.ApplicationTest;
import dev.fixline.DefenderRows;
import dev.fixline.JobRunner;
import dev.fixline.MutableClock;
import dev.fixline.TestInfrastructure;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.remediation.CaseDispatcher;
import dev.fixline.remediation.CaseQuery;
import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.RemediationCases;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Mails as their readers get them, over SMTP into GreenMail, with days passing on a clock the test sets: a day
 * of 50 new cases is one digest at the owner's 08:00 in New York; a Critical breach and a decision request go at
 * once while other breaches and the decisions still open wait for the manager's Monday digest in Tokyo; mails
 * kept while SMTP was not configured go out once, when it is. The digest checks run when the test says (their
 * schedule is set far apart), so what each step sends can be told apart.
 */
@ApplicationTest
class NotificationDeliveryTest {

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MutableClock clock() {
            return new MutableClock();
        }
    }

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    /** Sixty days ago: the test lets weeks pass, and exports may not come from the future. */
    static final Instant T0 = Instant.now().minus(Duration.ofDays(60)).truncatedTo(ChronoUnit.HOURS);

    @DynamicPropertySource
    static void mailAndPeople(DynamicPropertyRegistry registry) throws IOException {
        GreenMail smtp = TestInfrastructure.smtp();
        registry.add("spring.mail.host", () -> "localhost");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
        registry.add("fixline.notification.digest.check", () -> "PT100H");
        registry.add("fixline.notification.backlog.check", () -> "PT100H");
        registry.add("fixline.notification.digest.time-zones.dana", NEW_YORK::getId);
        registry.add("fixline.notification.digest.time-zones.maria", TOKYO::getId);
        Path rules = Files.createTempFile("digest-ownership", ".yml");
        Files.writeString(rules, """
                rules:
                  - name: digest-registries
                    registry: "digest*.azurecr.io"
                    owner: dana
                    team: payments
                    manager: maria
                fallback:
                  owner: secops-triage
                  team: security
                  manager: maria
                contacts:
                  dana: dana@contoso.example
                  maria: maria@contoso.example
                """);
        registry.add("fixline.ownership.file", rules::toString);
        String[][] users = {{"dana", "OWNER", "payments"}, {"maria", "MANAGER", "payments"},
            {"audrey", "AUDITOR", "security"}, {"omar", "OWNER", "web"}};
        for (int i = 0; i < users.length; i++) {
            int at = i;
            registry.add("fixline.security.users[" + i + "].name", () -> users[at][0]);
            registry.add("fixline.security.users[" + i + "].password", () -> "{noop}demo");
            registry.add("fixline.security.users[" + i + "].roles[0]", () -> users[at][1]);
            registry.add("fixline.security.users[" + i + "].teams[0]", () -> users[at][2]);
        }
    }

    @Autowired TestRestTemplate http;
    @Autowired SweepImporter importer;
    @Autowired CaseDispatcher dispatcher;
    @Autowired RemediationCases cases;
    @Autowired DigestDispatcher digests;
    @Autowired MailBacklog backlog;
    @Autowired NotificationOutbox outbox;
    @Autowired ManagementService management;
    @Autowired JdbcTemplate jdbc;
    @Autowired PlatformTransactionManager transactions;
    @Autowired MutableClock clock;
    @Autowired ObjectMapper json;

    final GreenMail smtp = TestInfrastructure.smtp();
    JobRunner jobs;
    DefenderRows rows;

    @BeforeEach
    void start() {
        clock.set(T0);
        jobs = new JobRunner(jdbc, management, clock);
        rows = new DefenderRows(json, "digest");
        digests.sendDue(); // whatever an earlier test left is sent now, not in this test's digests
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aDayOfFiftyNewCasesIsOneDigestAtTheOwnersMorning() throws Exception {
        int before = mailsTo("dana@contoso.example").size();
        List<CaseView> opened = open(java.util.Collections.nCopies(50, "High"));
        assertThat(opened).hasSize(50).allSatisfy(c -> assertThat(c.owner()).isEqualTo("dana"));

        assertThat(mailsTo("dana@contoso.example")).as("no mail per case").hasSize(before);
        List<JsonNode> waiting = notifications("dana", null).stream()
                .filter(n -> n.path("state").asText().equals("AWAITING_DIGEST")).toList();
        assertThat(waiting).as("each new case waits for the digest").hasSize(50)
                .allSatisfy(n -> assertThat(n.path("kind").asText()).isEqualTo("ASSIGNED"));

        ZonedDateTime morning = T0.atZone(NEW_YORK).with(LocalTime.of(8, 0));
        morning = morning.isAfter(T0.atZone(NEW_YORK)) ? morning : morning.plusDays(1);
        clock.set(morning.minusMinutes(1).toInstant());
        digests.sendDue();
        assertThat(mailsTo("dana@contoso.example")).as("not before 08:00 in New York").hasSize(before);

        clock.set(morning.plusMinutes(1).toInstant());
        digests.sendDue();
        digests.sendDue(); // a second check, or a second node, sends nothing more
        List<MimeMessage> received = mailsTo("dana@contoso.example");
        assertThat(received).as("one digest").hasSize(before + 1);
        MimeMessage digest = received.get(received.size() - 1);
        assertThat(digest.getSubject()).isEqualTo("[Fixline] Your daily digest: 50 new cases");
        String text = part(digest, "text/plain");
        String html = part(digest, "text/html");
        for (CaseView c : opened) {
            assertThat(text).contains(c.vulnerabilityId() + " in " + c.packageName())
                    .contains("Case: http://localhost:8080/cases/" + c.id());
            assertThat(html).contains("href=\"http://localhost:8080/cases/" + c.id() + "\"");
        }
        assertThat(text).startsWith("Here is your Fixline digest for the day up to ")
                .contains("New cases for you (50)").contains("(America/New_York)");
        assertThat(Pattern.compile("<li").matcher(html).results().count()).isEqualTo(50);
        keep("daily-digest", html);

        List<JsonNode> after = notifications("dana", null);
        String key = "digest:daily:dana@contoso.example:" + morning.toLocalDate();
        assertThat(after.stream().filter(n -> waiting.stream().anyMatch(w -> w.path("id").equals(n.path("id")))))
                .as("every case's notice went out in the digest").hasSize(50)
                .allSatisfy(n -> {
                    assertThat(n.path("state").asText()).isEqualTo("IN_DIGEST");
                    assertThat(n.path("digestKey").asText()).isEqualTo(key);
                });
        assertThat(after).filteredOn(n -> n.path("kind").asText().equals("DIGEST_DAILY")).singleElement()
                .satisfies(n -> assertThat(n.path("state").asText()).isEqualTo("SENT"));
    }

    @Test
    void aCriticalBreachGoesAtOnceWhileOtherBreachesAndOpenDecisionsWaitForTheManagersWeek() throws Exception {
        List<CaseView> opened = open(List.of("High", "Critical"));
        CaseView high = opened.get(0);
        CaseView critical = opened.get(1);
        MimeMessage assigned = mailsTo("dana@contoso.example").stream().filter(m -> subject(m).contains(
                "is yours to fix") && subject(m).contains(critical.vulnerabilityId())).findFirst().orElse(null);
        assertThat(assigned).as("the Critical case is told at once").isNotNull();
        keep("assigned", part(assigned, "text/html"));

        ResponseEntity<JsonNode> asked = http.withBasicAuth("dana", "demo").postForEntity("/api/cases/" + high.id()
                + "/exception-requests", Map.of("reason", "Vendor patch pending", "compensatingControl",
                "WAF rule 9100", "expiresAt", T0.plus(Duration.ofDays(20)).toString()), JsonNode.class);
        assertThat(asked.getStatusCode().value()).as(String.valueOf(asked.getBody())).isEqualTo(201);
        jobs.runDue(List.of(high.processInstanceId()));
        assertThat(mailsTo("maria@contoso.example")).as("a request goes to the approver at once").anySatisfy(m ->
                assertThat(m.getSubject()).startsWith("[Fixline] Exception requested:").contains(high.vulnerabilityId()));

        Instant past = high.dueAt().isAfter(critical.dueAt()) ? high.dueAt() : critical.dueAt();
        jobs.advance(past.plus(Duration.ofHours(12)), Duration.ofHours(12), () -> { }, () -> { },
                List.of(high.processInstanceId(), critical.processInstanceId()));

        List<String> managerSubjects = subjects(mailsTo("maria@contoso.example"));
        assertThat(managerSubjects).as("the Critical breach at once")
                .anySatisfy(s -> assertThat(s).startsWith("[Fixline] SLA breached:").contains(critical.vulnerabilityId()))
                .noneSatisfy(s -> assertThat(s).startsWith("[Fixline] SLA breached:").contains(high.vulnerabilityId()));

        ZonedDateTime monday = clock.instant().atZone(TOKYO).with(TemporalAdjusters.next(DayOfWeek.MONDAY))
                .with(LocalTime.of(8, 0));
        clock.set(monday.plusMinutes(5).toInstant());
        int before = mailsTo("maria@contoso.example").size();
        digests.sendDue();
        List<MimeMessage> weekly = mailsTo("maria@contoso.example").subList(before,
                mailsTo("maria@contoso.example").size()).stream()
                .filter(m -> subject(m).startsWith("[Fixline] Your weekly digest")).toList();
        assertThat(weekly).as("one weekly digest").hasSize(1);
        assertThat(subject(weekly.get(0))).isEqualTo("[Fixline] Your weekly digest: 1 decision waiting, 1 SLA breached");
        String text = part(weekly.get(0), "text/plain");
        keep("weekly-digest", part(weekly.get(0), "text/html"));
        assertThat(text).contains("(Asia/Tokyo)").contains("SLA breached (1)")
                .contains("SLA breached: [High] " + high.vulnerabilityId())
                .contains("Decisions waiting for you (1)")
                .contains("Exception requested: [High] " + high.vulnerabilityId())
                .doesNotContain("SLA breached: [Critical]");
    }

    @Test
    void notificationsAreSeenByTheirReaderTheirTeamAndAuditorsOnly() throws Exception {
        CaseView c = open(List.of("Critical")).get(0);

        assertThat(notifications("dana", c.id())).as("the owner's own").isNotEmpty()
                .allSatisfy(n -> assertThat(n.path("caseUrl").asText())
                        .isEqualTo("http://localhost:8080/cases/" + c.id()));
        assertThat(notifications("maria", c.id())).as("the manager: their team's case").isNotEmpty();
        assertThat(notifications("audrey", c.id())).as("auditors see all").isNotEmpty();
        assertThat(notifications("omar", c.id())).as("an owner of another team sees none").isEmpty();
        assertThat(notifications("omar", null)).noneSatisfy(n -> assertThat(n.path("person").asText())
                .isIn("dana", "maria"));
    }

    @Test
    void aNoticeWhoseSendFailedAndThatNowWaitsForTheDigestGoesOutInIt() throws Exception {
        var down = new org.springframework.mail.javamail.JavaMailSenderImpl();
        down.setHost("127.0.0.1");
        down.setPort(1); // nothing listens there
        var provider = new StaticListableBeanFactory(Map.of("mail", down)).getBeanProvider(JavaMailSender.class);
        NotificationOutbox failing = new NotificationOutbox(jdbc, provider, new SmtpLink(provider, clock),
                NotificationProperties.withSender("fixline@localhost"), transactions, clock);
        String key = "retried-" + UUID.randomUUID();
        String to = key + "@contoso.example"; // a reader of its own: no other test's digest is theirs
        Notification notice = new Notification(key, "ASSIGNED", Notification.Regarding.NOTHING, key, to,
                "[Fixline] " + key + " is yours to fix", "Body", null, Delivery.NOW);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> failing.send(notice))
                .isInstanceOf(MailUnavailableException.class);
        assertThat(state(key)).isEqualTo(DeliveryState.RETRYING);

        assertThat(outbox.send(new Notification(key, "ASSIGNED", Notification.Regarding.NOTHING, key, to,
                notice.subject(), "Body", null, Delivery.DAILY_DIGEST))).isTrue();
        assertThat(state(key)).as("the retry asked for the digest").isEqualTo(DeliveryState.AWAITING_DIGEST);

        ZonedDateTime morning = clock.instant().atZone(java.time.ZoneOffset.UTC).plusDays(1).with(LocalTime.of(8, 0));
        clock.set(morning.plusMinutes(1).toInstant());
        digests.sendDue();
        assertThat(state(key)).isEqualTo(DeliveryState.IN_DIGEST);
        assertThat(mailsTo(to)).singleElement().satisfies(m -> assertThat(part(m, "text/plain"))
                .contains(key + " is yours to fix"));
    }

    private DeliveryState state(String key) {
        return outbox.list(null, 0, 500).items().stream().filter(n -> n.subject().contains(key)).findFirst()
                .orElseThrow().state();
    }

    @Test
    void mailsKeptWhileSmtpWasNotConfiguredGoOutOnceWhenItIs() throws Exception {
        var none = new StaticListableBeanFactory(Map.of()).getBeanProvider(JavaMailSender.class);
        NotificationOutbox withoutSmtp = new NotificationOutbox(jdbc, none, new SmtpLink(none, clock),
                NotificationProperties.withSender("fixline@localhost"), transactions, clock);
        String to = "kept-" + UUID.randomUUID() + "@contoso.example";
        clock.set(T0.minus(Duration.ofDays(20)));
        withoutSmtp.send(notice("too-old", to, null));
        clock.set(T0);
        withoutSmtp.send(notice("plain", to, null));
        withoutSmtp.send(notice("html", to, "<p>Owned by <b>dana</b></p>"));
        assertThat(outbox.list(null, 0, 200).items()).filteredOn(n -> n.recipient().equals(to))
                .extracting(SentNotification::state).containsOnly(DeliveryState.KEPT);

        backlog.send();
        backlog.send(); // again, or on another node: nothing twice

        List<MimeMessage> received = mailsTo(to);
        assertThat(subjects(received)).containsExactlyInAnyOrder("[Fixline] plain", "[Fixline] html");
        for (MimeMessage m : received) {
            String key = subject(m).substring("[Fixline] ".length()) + ":" + to;
            assertThat(m.getMessageID()).as("the Message-ID the mail always had").isEqualTo(outbox.messageId(key));
        }
        assertThat(part(received.stream().filter(m -> subject(m).endsWith("html")).findFirst().orElseThrow(),
                "text/html")).contains("<b>dana</b>");
        Map<String, DeliveryState> states = new java.util.HashMap<>();
        outbox.list(null, 0, 200).items().stream().filter(n -> n.recipient().equals(to))
                .forEach(n -> states.put(n.subject(), n.state()));
        assertThat(states).containsEntry("[Fixline] plain", DeliveryState.SENT)
                .containsEntry("[Fixline] html", DeliveryState.SENT)
                .as("too old to help anyone when SMTP came").containsEntry("[Fixline] too-old", DeliveryState.NOT_SENT);
    }

    /** The HTML part as a reader's mail program gets it, for a person to look at: {@code target/mail-samples/}. */
    private static void keep(String name, String html) throws IOException {
        Path dir = Path.of("target", "mail-samples");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".html"), html);
    }

    private static Notification notice(String name, String to, String html) {
        return new Notification(name + ":" + to, "REMINDER", Notification.Regarding.NOTHING, "dana", to,
                "[Fixline] " + name, "Body of " + name, html, Delivery.NOW);
    }

    /** A case per severity given, opened by a complete sweep at T0, their first steps run; in that order. */
    private List<CaseView> open(List<String> severities) throws Exception {
        ObjectNode body = json.createObjectNode();
        var data = body.putArray("data");
        String cvePrefix = "CVE-2031-" + UUID.randomUUID().toString().replaceAll("[^0-9]", "").substring(0, 3);
        List<String> cves = new ArrayList<>();
        for (int i = 0; i < severities.size(); i++) {
            String cve = cvePrefix + String.format("%02d", i);
            cves.add(cve);
            data.add(rows.row("shop/api", "sha256:" + "b".repeat(64), T0.minus(Duration.ofDays(3)),
                    T0.minus(Duration.ofHours(1)), cve, severities.get(i), rows.os("debian_linux_12"), "lib" + i,
                    "1.0.0-1", "1.0.0-2"));
        }
        body.put("resultTruncated", "false");
        importer.importArgExport("digest-" + UUID.randomUUID(), new ByteArrayInputStream(json.writeValueAsBytes(body)));
        dispatcher.dispatch();
        List<CaseView> opened = cases.list(new CaseQuery(null, null, null, null, null, null), 0, 500).items().stream()
                .filter(c -> c.registryHost().equals(rows.registryHost()) && cves.contains(c.vulnerabilityId()))
                .sorted(Comparator.comparing(CaseView::vulnerabilityId)).toList();
        jobs.runDue(opened.stream().map(CaseView::processInstanceId).toList());
        return opened.stream().map(c -> cases.find(c.id()).orElseThrow()).toList();
    }

    private List<JsonNode> notifications(String user, String caseId) {
        ResponseEntity<JsonNode> page = http.withBasicAuth(user, "demo").exchange("/api/notifications?size=500"
                + (caseId == null ? "" : "&case=" + caseId), HttpMethod.GET, null,
                new ParameterizedTypeReference<>() { });
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        page.getBody().path("items").forEach(items::add);
        return items;
    }

    private List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> ((InternetAddress) a).getAddress().equalsIgnoreCase(address));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static List<String> subjects(List<MimeMessage> mails) {
        return mails.stream().map(NotificationDeliveryTest::subject).toList();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decoded text of the mail's part of that type. */
    private static String part(MimeMessage m, String type) {
        return type.equals("text/html") ? dev.fixline.MailText.html(m) : dev.fixline.MailText.text(m);
    }
}
