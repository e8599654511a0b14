package dev.fixline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import dev.fixline.HeapProbe;
import dev.fixline.TestInfrastructure;
import dev.fixline.finding.Observation;
import dev.fixline.finding.Sweep;
import dev.fixline.finding.SweepFeed;
import dev.fixline.ingest.file.ArgExportReader;
import dev.fixline.remediation.CaseDispatcher;
import dev.fixline.remediation.EngineCeiling;
import dev.fixline.remediation.EngineCommands;
import dev.fixline.remediation.RemediationProcess;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 16's benchmark, one database per subclass ({@code SweepScaleOnPostgresBenchmark},
 * {@code SweepScaleOnH2Benchmark}), both in one run:
 * {@code ./mvnw verify -Pbenchmark -Dbenchmark.test='SweepScale*Benchmark' -Dbenchmark.rows=100000}.
 * Generated Defender-shaped sweeps ({@link DefenderSweepGenerator}) go through the whole application (file
 * import, dispatcher, the engine's job executor with its default pool, the built-in ticket log, mail to an
 * in-process SMTP server), next to the engine's own ceiling for the same BPMN ({@link EngineCeiling}):
 * <ol type="a">
 *   <li>the first sweep: rows/s, then cases fully set up per second (started, owner and SLA set, the
 *       notification and ticket jobs done);</li>
 *   <li>the same number of instances of the same BPMN without Fixline's work, started in a plain loop;</li>
 *   <li>an identical rescan: rows/s, the engine commands it issued, and the ratio to parsing the file
 *       alone and to its staging;</li>
 *   <li>a rescan with 5 % fixed: closures/s end to end, against plain correlations of the ceiling;</li>
 *   <li>peak heap and the process's RSS;</li>
 *   <li>{@code GET /api/cases}, {@code GET /api/findings}, the dashboard and the SLA report, p50/p95.</li>
 * </ol>
 * It asserts only what makes the figures mean something (counts, no incident, no command on the rescan) and
 * writes a table to {@code target/benchmark/sweep-scale-<database>.md}.
 */
abstract class SweepScale {

    static final int ROWS = Integer.getInteger("benchmark.rows", 20_000);
    static final int REQUESTS = 30;

    @Autowired SweepImporter importer;
    @Autowired ArgExportReader reader;
    @Autowired CaseDispatcher dispatcher;
    @Autowired EngineCommands engine;
    @Autowired RepositoryService repository;
    @Autowired RuntimeService runtime;
    @Autowired TransactionTemplate tx;
    @Autowired JdbcTemplate jdbc;
    @Autowired ObjectMapper json;
    @Autowired MeterRegistry meters;
    @Autowired TestRestTemplate http;

    private final List<String> table = new ArrayList<>();

    static void common(DynamicPropertyRegistry registry) {
        GreenMail smtp = TestInfrastructure.smtp();
        registry.add("spring.mail.host", () -> "localhost");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
    }

    abstract String database();

    @Test
    void sweepsAtScale() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("fixline-sweep-scale");
        // New findings: scanned three days ago, so that their first reminders lie ahead, as for a real estate's
        // first sweep (a Critical's halfway reminder would otherwise be due at once); the rescans follow daily.
        Instant firstScan = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        DefenderSweepGenerator generator = new DefenderSweepGenerator(json, ROWS, 2026, firstScan);
        DefenderSweepGenerator.Written day0 = generator.write(dir.resolve("day0.json"), 0, 0);
        generator.write(dir.resolve("day1.json"), 1, 0);
        DefenderSweepGenerator.Written day2 = generator.write(dir.resolve("day2.json"), 2, 0.05);
        row("rows, findings, High+Critical, repositories", day0.rows() + ", " + day0.findings() + ", "
                + day0.highOrCritical() + ", " + day0.repositories());
        HeapProbe.start();
        long rssBefore = rss("VmRSS");

        // a. the first sweep, then its cases set up by the dispatcher and the job executor
        long begin = System.nanoTime();
        Sweep first = importFile(dir.resolve("day0.json"));
        double sweepSeconds = seconds(begin);
        assertThat(first.counts().newFindings()).isEqualTo(day0.findings());
        row("a. first sweep", rate(day0.rows(), sweepSeconds, "rows"));
        long setUp = System.nanoTime();
        CaseDispatcher.Result started = dispatcher.dispatch();
        double dispatchSeconds = seconds(setUp);
        EngineCeiling.awaitJobs(jdbc, RemediationProcess.KEY);
        double setUpSeconds = seconds(setUp);
        assertThat(started.started()).isEqualTo(day0.highOrCritical());
        assertThat(EngineCeiling.incidents(jdbc, RemediationProcess.KEY)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM remediation_case WHERE state = 'OPEN' AND "
                + "due_at IS NOT NULL AND owner IS NOT NULL", Long.class)).isEqualTo(day0.highOrCritical());
        double casesPerSecond = started.started() / setUpSeconds;
        row("a. cases fully set up", rate(started.started(), setUpSeconds, "cases") + String.format(Locale.ROOT,
                " (the dispatcher's starts, with owner and SLA, %.1f s; then the notification and ticket jobs)",
                dispatchSeconds));
        long liveA = HeapProbe.usedAfterGc();

        // b. the engine's ceiling for the same BPMN
        EngineCeiling ceiling = new EngineCeiling(repository, runtime, tx, jdbc);
        ceiling.deploy();
        Duration ceilingStarts = ceiling.startAll("ceiling-", started.started());
        double ceilingPerSecond = started.started() / (ceilingStarts.toNanos() / 1e9);
        row("b. engine ceiling, same BPMN", rate(started.started(), ceilingStarts.toNanos() / 1e9, "starts"));
        row("a ÷ b", String.format(Locale.ROOT, "%.2f", casesPerSecond / ceilingPerSecond));

        // c. an identical rescan, a day later
        double parseSeconds = parseOnly(dir.resolve("day1.json"));
        double stagedBefore = stagedSeconds();
        long commands = engine.issuedOnThisThread();
        begin = System.nanoTime();
        Sweep rescan = importFile(dir.resolve("day1.json"));
        CaseDispatcher.Result nothing = dispatcher.dispatch();
        double rescanSeconds = seconds(begin);
        long rescanCommands = engine.issuedOnThisThread() - commands;
        double stageSeconds = stagedSeconds() - stagedBefore;
        assertThat(rescan.counts().unchanged()).isEqualTo(day0.findings());
        assertThat(nothing.started() + nothing.closuresDelivered()).isZero();
        row("c. identical rescan", rate(day0.rows(), rescanSeconds, "rows") + ", " + rescanCommands
                + " engine commands");
        row("c. parsing the file alone", rate(day0.rows(), parseSeconds, "rows"));
        row("c. parsing and staging (in the rescan)", rate(day0.rows(), stageSeconds, "rows"));
        row("c. rescan ÷ parse and stage (time)", String.format(Locale.ROOT, "%.2f", rescanSeconds / stageSeconds));

        // d. a rescan with 5 % fixed: closures end to end, against plain correlations
        begin = System.nanoTime();
        Sweep fixes = importFile(dir.resolve("day2.json"));
        double fixSweepSeconds = seconds(begin);
        long closing = System.nanoTime();
        CaseDispatcher.Result closed = dispatcher.dispatch();
        EngineCeiling.awaitJobs(jdbc, RemediationProcess.KEY);
        double closeSeconds = seconds(closing);
        assertThat(fixes.counts().fixed()).isEqualTo(day2.fixed());
        assertThat(closed.closuresDelivered()).isEqualTo(day2.fixedHighOrCritical());
        assertThat(EngineCeiling.incidents(jdbc, RemediationProcess.KEY)).isZero();
        Duration correlations = ceiling.correlateFixed("ceiling-", day2.fixedHighOrCritical());
        double closuresPerSecond = day2.fixedHighOrCritical() / closeSeconds;
        double correlationsPerSecond = day2.fixedHighOrCritical() / (correlations.toNanos() / 1e9);
        row("d. rescan with 5 % fixed", rate(day2.rows(), fixSweepSeconds, "rows") + ", " + day2.fixed()
                + " findings fixed");
        row("d. its cases closed (correlations and the closing jobs)", rate(day2.fixedHighOrCritical(),
                closeSeconds, "closures"));
        row("d. engine ceiling, plain correlations", rate(day2.fixedHighOrCritical(), correlations.toNanos() / 1e9,
                "correlations"));
        row("d ÷ ceiling", String.format(Locale.ROOT, "%.2f", closuresPerSecond / correlationsPerSecond));

        // e. memory
        row("e. heap in use after a collection (after a / at the end), and the pools' peak", HeapProbe.mb(liveA)
                + " / " + HeapProbe.mb(HeapProbe.usedAfterGc()) + ", peak " + HeapProbe.mb(HeapProbe.peakHeap())
                + " of -Xmx " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        row("e. process RSS (before / now / peak)", (rssBefore >> 10) + " / " + (rss("VmRSS") >> 10) + " / "
                + (rss("VmHWM") >> 10) + " MiB");

        // f. the pages, with every finding and case of the run in the store
        long openCases = jdbc.queryForObject("SELECT COUNT(*) FROM remediation_case WHERE state <> 'CLOSED'",
                Long.class);
        long findings = jdbc.queryForObject("SELECT COUNT(*) FROM finding", Long.class);
        row("f. store", findings + " findings, " + openCases + " cases not closed");
        // As a signed-in person or a script holding a session: a Basic-auth request also checks the password
        // (bcrypt) every time, measured apart below.
        row("f. GET /api/cases?size=100 (auditor, session)", latency("auditor", "/api/cases?size=100"));
        row("f. GET /api/cases?size=1000 (auditor, session)", latency("auditor", "/api/cases?size=1000"));
        row("f. GET /api/findings?size=100 (auditor, session)", latency("auditor", "/api/findings?size=100"));
        row("f. GET /manager (dashboard, manager, session)", latency("manager", "/manager"));
        row("f. GET /api/reports/sla (manager, session)", latency("manager", "/api/reports/sla"));
        // A settled day is replayed at its first ask and kept a while (SlaHistory.KEPT_FOR); today is replayed each time.
        row("f. GET /api/reports/sla?asOf=yesterday (auditor, session)", latency("auditor", "/api/reports/sla?asOf="
                + LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1)));
        row("f. GET /api/reports/sla?asOf=today, replayed every time (auditor, session)", latency("auditor",
                "/api/reports/sla?asOf=" + LocalDate.now(java.time.ZoneOffset.UTC)));
        row("f. GET /api/findings?size=100 (auditor, Basic auth on every request)",
                latency(http.withBasicAuth("auditor", "demo"), new HttpHeaders(), "/api/findings?size=100"));

        writeTable();
        try (var files = Files.list(dir)) {
            files.forEach(f -> f.toFile().delete());
        }
        Files.delete(dir);
    }

    private Sweep importFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return importer.importArgExport(file.getFileName().toString(), in);
        }
    }

    /** Reads the file as an import does, into a feed that keeps nothing. */
    private double parseOnly(Path file) throws IOException {
        long begin = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            reader.read(in, Duration.ZERO, new DiscardingFeed());
        }
        return seconds(begin);
    }

    /** The time spent reading and staging sweeps so far (NaN in a version without the timer, for a baseline). */
    private double stagedSeconds() {
        io.micrometer.core.instrument.Timer staged = meters.find("fixline.sweep.stage").timer();
        return staged == null ? Double.NaN : staged.totalTime(TimeUnit.NANOSECONDS) / 1e9;
    }

    /** p50 and p95 of the path, in a session of the user: signed in once through the login form, as in a browser. */
    private String latency(String user, String path) throws IOException, InterruptedException {
        HttpClient browser = HttpClient.newHttpClient(); // follows no redirect: the session is in the answer
        String root = http.getRootUri();
        HttpResponse<String> form = browser.send(HttpRequest.newBuilder(URI.create(root + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(token.find()).as("the login form's CSRF token").isTrue();
        String fields = "username=" + user + "&password=demo&_csrf=" + URLEncoder.encode(token.group(1),
                StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(URI.create(root + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", sessionCookie(form))
                .POST(HttpRequest.BodyPublishers.ofString(fields)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.headers().firstValue("Location")).as("signed in as " + user).get().asString()
                .doesNotContain("error");
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.COOKIE, sessionCookie(signedIn));
        return latency(http, headers, path);
    }

    private static String sessionCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID=")).map(c -> c.split(";", 2)[0]).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie"));
    }

    private String latency(TestRestTemplate as, HttpHeaders headers, String path) {
        long first = System.nanoTime();
        as.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
        first = System.nanoTime() - first;
        for (int i = 0; i < 2; i++) {
            as.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
        }
        long[] nanos = new long[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            long begin = System.nanoTime();
            ResponseEntity<String> response = as.exchange(path, HttpMethod.GET, new HttpEntity<>(headers),
                    String.class);
            nanos[i] = System.nanoTime() - begin;
            assertThat(response.getStatusCode().is2xxSuccessful()).as(path).isTrue();
            assertThat(response.getBody()).as(path + " answered, not a sign-in page")
                    .doesNotContain("name=\"password\"");
        }
        Arrays.sort(nanos);
        return String.format(Locale.ROOT, "p50 %.0f ms, p95 %.0f ms (first ask %.0f ms)", nanos[REQUESTS / 2] / 1e6,
                nanos[(int) Math.ceil(REQUESTS * 0.95) - 1] / 1e6, first / 1e6);
    }

    /** A feed that keeps nothing: what reading the file costs without the store. */
    private static final class DiscardingFeed implements SweepFeed {
        @Override
        public void accept(Observation row) {
        }

        @Override
        public void reject(int row, String field, String reason) {
        }

        @Override
        public void ignore(int row, String kind) {
        }

        @Override
        public void pageRead() {
        }

        @Override
        public void waitedForQuota(Duration waited) {
        }
    }

    private static long rss(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static String rate(long count, double seconds, String what) {
        return String.format(Locale.ROOT, "%,d %s in %.1f s = %,.0f %s/s", count, what, seconds, count / seconds,
                what);
    }

    private static double seconds(long begin) {
        return (System.nanoTime() - begin) / 1e9;
    }

    private void row(String what, String figure) {
        table.add("| " + what + " | " + figure + " |");
        System.out.printf(Locale.ROOT, "BENCHMARK %s %s: %s%n", database(), what, figure);
    }

    private void writeTable() throws IOException {
        Path out = Path.of("target", "benchmark", "sweep-scale-" + database() + ".md");
        Files.createDirectories(out.getParent());
        List<String> lines = new ArrayList<>();
        lines.add("Sweep scale on " + database() + ", " + ROWS + " rows, " + Instant.now() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", -Xmx " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        lines.add("");
        lines.add("| what | figure |");
        lines.add("|---|---|");
        lines.addAll(table);
        Files.write(out, lines);
    }
}
