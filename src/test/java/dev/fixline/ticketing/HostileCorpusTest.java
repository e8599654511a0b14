package dev.fixline.ticketing;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.fixline.HeapProbe;
import dev.fixline.TestInfrastructure;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 11's hostile corpus ({@link HostileCorpus}, more than 500 inputs in 17 classes) sent to the real HTTP
 * port of the application with Jira (WireMock) and SMTP (GreenMail) configured. Every answer is a 2xx, or a 4xx
 * problem+json that says what is wrong; a refused input stores nothing (twelve tables counted before and after
 * each); accepted inputs that carry markup, formulas, JQL or JSON fragments keep them verbatim, pages show them
 * escaped, mails keep their headers, and Jira gets them as data; the application stays healthy and its heap
 * bounded. Prints its figures by class ({@code docs/reliability-corpus.md}).
 * <p>
 * It shares the Jira tests' Spring context (this package), which is why it lives here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileCorpusTest extends JiraCloudTestBase {

    /** What an input could leave behind. */
    private static final List<String> TABLES = List.of("sweep", "sweep_registry", "sweep_rejection", "sweep_ignored",
            "observation", "finding", "finding_digest", "remediation_case", "notification", "audit_event",
            "ticket_link", "ticket_webhook_delivery");
    private static final String MANAGER = "Basic " + Base64.getEncoder().encodeToString("manager:demo".getBytes());
    private static final long HEAP_GROWTH_BOUND = 256L * 1024 * 1024;

    @LocalServerPort int port;
    @Autowired JdbcTemplate jdbc;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();
    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private final List<HostileCorpus.Payload> accepted = new ArrayList<>();
    /** Every answer, one line each, written to target/hostile-corpus-answers.txt for the record. */
    private final List<String> answers = new ArrayList<>();
    private long heapBefore;
    private int healthBefore;
    private int deliveries;
    private long sendingNanos;
    private long countingNanos;

    /** The answers of one class. */
    private static final class Tally {
        int inputs;
        int ok;
        int badRequest;
        int tooLarge;
        int otherClientError;
        int storedFromRefused;
        int expected;
    }

    Stream<HostileCorpus.Input> corpus() {
        return HostileCorpus.generate().stream();
    }

    @BeforeAll
    void before() throws Exception {
        healthBefore = get("/actuator/health").status();
        heapBefore = HeapProbe.usedAfterGc();
        assertThat(HostileCorpus.generate()).as("the corpus").hasSizeGreaterThanOrEqualTo(500);
    }

    @Order(1)
    @ParameterizedTest(name = "{index} {0}")
    @MethodSource("corpus")
    void everyInputIsAnsweredWithoutAFailureAndARefusalStoresNothing(HostileCorpus.Input input) throws Exception {
        Map<String, Long> before = counts();
        long started = System.nanoTime();
        Answer answer = send(input);
        sendingNanos += System.nanoTime() - started;
        Tally tally = tallies.computeIfAbsent(input.kind(), k -> new Tally());
        tally.inputs++;
        tally.expected += input.expectStatus() == null ? 0 : 1;
        answers.add(answer.status() + "\t" + input.kind() + "\t" + input.name().replaceAll("\\p{Cntrl}", "?")
                + "\t" + abbreviated(answer.body()).replaceAll("\\s+", " "));

        assertThat(answer.status()).as(input + " answered " + abbreviated(answer.body())).isBetween(200, 499);
        if (answer.status() < 300) {
            tally.ok++;
            if (input.payload() != null) {
                accepted.add(input.payload());
            }
        } else {
            switch (answer.status()) {
                case 400 -> tally.badRequest++;
                case 413 -> tally.tooLarge++;
                default -> tally.otherClientError++;
            }
            assertThat(answer.contentType().split(";")[0].trim()).as(input + ": " + abbreviated(answer.body()))
                    .isEqualTo("application/problem+json");
            JsonNode problem = json.readTree(answer.body());
            assertThat(problem.path("detail").asText()).as(input + ": the problem says what is wrong").isNotBlank();
            Map<String, Long> after = counts();
            if (!after.equals(before)) {
                tally.storedFromRefused++;
            }
            assertThat(after).as(input + ": nothing stored from a refused input").isEqualTo(before);
            if (input.expectDetail() != null) {
                assertThat(problem.path("detail").asText() + " " + problem.path("limit").asText()).as(input.toString())
                        .contains(input.expectDetail());
            }
        }
        if (input.expectStatus() != null) {
            assertThat(answer.status()).as(input + " answered " + abbreviated(answer.body()))
                    .isEqualTo(input.expectStatus());
        }
    }

    @Order(2)
    @Test
    void acceptedPayloadsAreKeptVerbatimShownEscapedMailedIntactAndSentToJiraAsData() throws Exception {
        assertThat(accepted).as("payloads the corpus had accepted").hasSizeGreaterThan(30);
        for (HostileCorpus.Payload p : accepted) {
            String column = switch (p.field()) {
                case "repository" -> "repository";
                case "package" -> "package_name";
                default -> "vulnerability_id";
            };
            assertThat(jdbc.queryForList("SELECT " + column + " FROM finding WHERE registry_host = ?", String.class,
                    p.registryHost())).as("kept verbatim: " + p).containsExactly(p.value());
        }

        // The High rows, long overdue, open cases: a Jira ticket and a mail each, and a line on the dashboard.
        stubCreate("88001", "SEC-88001");
        stubTransitions("SEC-88001");
        TestInfrastructure.smtp().purgeEmailFromAllMailboxes();
        dispatcher.dispatch();
        List<HostileCorpus.Payload> withCases = accepted.stream().filter(HostileCorpus.Payload::opensCase).toList();
        for (HostileCorpus.Payload p : withCases) {
            String processInstance = jdbc.queryForObject("SELECT process_instance_id FROM remediation_case WHERE "
                    + "registry_host = ?", String.class, p.registryHost());
            runAllJobs(processInstance);
        }

        String page = get("/manager").body();
        for (HostileCorpus.Payload p : withCases) {
            if (p.field().equals("package")) {
                continue; // the dashboard shows repositories and vulnerabilities, not packages
            }
            assertThat(page).as("shown escaped: " + p).contains(html(p.value()));
            if (!html(p.value()).equals(p.value())) {
                assertThat(page).as("never raw: " + p).doesNotContain(p.value());
            }
        }
        Matcher chart = Pattern.compile("<div id=\"team-chart-data\" hidden data-chart=\"([^\"<>]*)\"></div>")
                .matcher(page);
        assertThat(chart.find()).isTrue();
        assertThat(json.readTree(org.springframework.web.util.HtmlUtils.htmlUnescape(chart.group(1))).path("teams")
                .isArray()).as("the chart's data is JSON").isTrue();

        List<MimeMessage> mails = List.of(TestInfrastructure.smtp().getReceivedMessages());
        for (HostileCorpus.Payload p : withCases) {
            String registry = p.registryHost().substring(0, p.registryHost().indexOf('.'));
            List<MimeMessage> mine = mails.stream().filter(m -> subject(m).contains(registry)).toList();
            assertThat(mine).as("one mail for " + p + " among " + mails.stream().map(HostileCorpusTest::subject)
                    .filter(m -> m.contains(registry)).toList()).hasSize(1);
            MimeMessage mail = mine.get(0);
            assertThat(subject(mail)).as(p.toString()).contains(p.value());
            String stored = jdbc.queryForObject("SELECT subject FROM notification WHERE recipient = ? AND subject LIKE ?",
                    String.class, mail.getAllRecipients()[0].toString(), "%" + registry + "%");
            assertThat(subject(mail)).as("the Subject as built, intact").isEqualTo(stored);
            assertThat(mail.getHeader("Bcc")).as("no header of the payload's").isNull();
            assertThat(mail.getAllRecipients()).hasSize(1);
        }

        List<JsonNode> created = new ArrayList<>();
        for (LoggedRequest request : JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue")))) {
            created.add(json.readTree(request.getBodyAsString()));
        }
        for (HostileCorpus.Payload p : withCases) {
            Optional<JsonNode> issue = created.stream()
                    .filter(c -> c.at("/fields/summary").asText().contains(p.registryHost().substring(0,
                            p.registryHost().indexOf('.')))).findFirst();
            assertThat(issue).as("a ticket for " + p).isPresent();
            assertThat(issue.get().at("/fields/summary").asText()).as("the value as data").contains(p.value());
            assertThat(issue.get().at("/fields/project/key").asText()).as(p.toString()).isEqualTo("SEC");
            assertThat(issue.get().path("fields").has("x")).isFalse();
        }
        for (LoggedRequest search : JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/search/jql")))) {
            String jql = json.readTree(search.getBodyAsString()).path("jql").asText();
            assertThat(jql).as("searches name labels only").doesNotContain("EVIL").doesNotContain("OR 1");
        }
    }

    @Order(3)
    @Test
    void theApplicationStaysHealthyWithItsHeapBounded() throws Exception {
        Answer health = get("/actuator/health");
        long heapAfter = HeapProbe.usedAfterGc();
        StringBuilder table = new StringBuilder(String.format("%n[corpus] %-34s %6s %5s %5s %5s %9s %17s%n", "class",
                "inputs", "2xx", "400", "413", "other 4xx", "stored-from-refused"));
        Tally total = new Tally();
        tallies.forEach((kind, t) -> {
            table.append(String.format("[corpus] %-34s %6d %5d %5d %5d %9d %17d%n", kind, t.inputs, t.ok, t.badRequest,
                    t.tooLarge, t.otherClientError, t.storedFromRefused));
            total.inputs += t.inputs;
            total.ok += t.ok;
            total.badRequest += t.badRequest;
            total.tooLarge += t.tooLarge;
            total.otherClientError += t.otherClientError;
            total.storedFromRefused += t.storedFromRefused;
            total.expected += t.expected;
        });
        table.append(String.format("[corpus] %-34s %6d %5d %5d %5d %9d %17d%n", "all", total.inputs, total.ok,
                total.badRequest, total.tooLarge, total.otherClientError, total.storedFromRefused));
        table.append(String.format("[corpus] health %d before, %d after; heap after GC %s before, %s after; "
                        + "%.1f s sending and answering, %.1f s counting rows%n", healthBefore, health.status(),
                HeapProbe.mb(heapBefore), HeapProbe.mb(heapAfter), sendingNanos / 1e9, countingNanos / 1e9));
        table.append(String.format("[corpus] %d inputs with their status decided in advance; every answer in "
                + "target/hostile-corpus-answers.txt%n", total.expected));
        System.out.print(table);
        java.nio.file.Files.write(java.nio.file.Path.of("target", "hostile-corpus-answers.txt"), answers);

        assertThat(total.inputs).isGreaterThanOrEqualTo(500);
        assertThat(total.storedFromRefused).isZero();
        assertThat(health.status()).as("healthy as before").isEqualTo(healthBefore);
        assertThat(heapAfter - heapBefore).as("heap growth over the corpus").isLessThan(HEAP_GROWTH_BOUND);
    }

    /**
     * Runs the case's asynchronous steps, due or not: under load a first call to the WireMock Jira can take longer
     * than the one-second read timeout these tests give it, and the step's retry would wait minutes.
     */
    private void runAllJobs(String processInstance) {
        for (int round = 0; round < 20; round++) {
            List<org.camunda.bpm.engine.runtime.Job> jobs = management.createJobQuery()
                    .processInstanceId(processInstance).messages().withRetriesLeft().list();
            if (jobs.isEmpty()) {
                return;
            }
            jobs.forEach(this::runJob);
        }
    }

    // ---- HTTP -----------------------------------------------------------------------------------------------

    record Answer(int status, String contentType, String body) {
    }

    private Answer send(HostileCorpus.Input input) throws Exception {
        byte[] body = input.body() == null ? null : input.body().get();
        Map<String, String> headers = new LinkedHashMap<>(input.headers());
        if ("webhook".equals(input.user())) {
            headers.putIfAbsent("X-Hub-Signature", WebhookSignature.sign(SECRET, body));
            headers.putIfAbsent("X-Atlassian-Webhook-Identifier", "corpus-" + (++deliveries));
        } else if (input.user() != null) {
            headers.put("Authorization", MANAGER);
        }
        if (input.contentType() != null) {
            headers.put("Content-Type", input.contentType());
        }
        URI uri;
        try {
            uri = new URI("http://localhost:" + port + input.path());
        } catch (java.net.URISyntaxException e) {
            return raw(input.method(), input.path(), headers, body); // a path no URI library would send
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).method(input.method(),
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    private Answer get(String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + path)).header("Authorization", MANAGER).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    /** HTTP/1.1 by hand, for request targets that java.net.URI refuses ({@code ?a=%}, {@code ?page[]=1}). */
    private Answer raw(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            byte[] all = socket.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String contentType = "";
            boolean chunked = false;
            for (String line : lines) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-type:")) {
                    contentType = line.substring(13).trim();
                }
                chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
            }
            // The head is ASCII, so its length in characters is its length in bytes.
            byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
            return new Answer(status, contentType, chunked ? unchunked(rest)
                    : new String(rest, StandardCharsets.UTF_8));
        }
    }

    /** A chunked body: chunk sizes count bytes, so a body with non-ASCII text is cut in bytes, then decoded. */
    private static String unchunked(byte[] chunked) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = at;
            while (chunked[lineEnd] != '\r') {
                lineEnd++;
            }
            int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The rows of every table an input could leave something in, in one query. */
    private Map<String, Long> counts() {
        long started = System.nanoTime();
        String sql = "SELECT " + String.join(", ", TABLES.stream().map(t -> "(SELECT COUNT(*) FROM " + t + ") AS " + t)
                .toList());
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.queryForMap(sql).forEach((table, n) -> counts.put(table.toLowerCase(Locale.ROOT), ((Number) n).longValue()));
        countingNanos += System.nanoTime() - started;
        return counts;
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What Thymeleaf's th:text makes of a value. */
    private static String html(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static String abbreviated(String s) {
        return s == null ? "" : s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
