package dev.fixline.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * One crash scenario: a Fixline node on its own database, with its tickets going to a {@link FakeJira}
 * and its mails to a {@link SentMail} server, an export whose findings it must keep exactly once, and
 * the means to kill it at a chosen moment and count afterwards what was lost or duplicated.
 */
final class CrashRig implements AutoCloseable {

    /** Jobs a killed node had locked run again after this; production keeps Camunda's 5 minutes. */
    static final Duration JOB_LOCK = Duration.ofSeconds(20);
    static final Duration QUIET_TIMEOUT = Duration.ofMinutes(6);
    private static final Path RESULTS = Path.of("target", "reliability", "kills.csv");

    final String scenario;
    final NodeDatabase database;
    final FakeJira jira = new FakeJira();
    final SentMail mail = new SentMail();
    final FixlineProcess node;
    final FixlineApi api;
    final Random random;
    final long seed;
    private final List<String> kills = new ArrayList<>();

    CrashRig(String scenario, NodeDatabase database, long seed) {
        this.scenario = scenario;
        this.database = database;
        this.seed = seed;
        this.random = new Random(seed);
        this.node = FixlineProcess.on(database, scenario)
                .properties(jira.properties())
                .properties(mail.properties())
                .property("camunda.bpm.job-execution.lock-time-in-millis", JOB_LOCK.toMillis())
                // A create is answered within a second here; give up on an answer after 5 s, look for the
                // ticket 10 s after a create was sent by a worker that died, and 2 s after a lost answer.
                .property("fixline.ticketing.jira.read-timeout", "PT5S")
                .property("fixline.ticketing.create-timeout", "PT10S")
                .property("fixline.ticketing.unknown-recheck-delay", "PT2S")
                .property("fixline.remediation.dispatcher.interval", "PT2S");
        this.api = new FixlineApi(node);
    }

    /** A random duration between the two, in milliseconds. */
    Duration between(Duration from, Duration to) {
        return from.plusMillis((long) (random.nextDouble() * (to.toMillis() - from.toMillis())));
    }

    /** Posts the export over about {@code upload}, as a slow client would, and answers when Fixline does. */
    CompletableFuture<FixlineApi.Answer> postInBackground(byte[] export, String name, Duration upload) {
        int rate = (int) Math.max(1, export.length * 1000L / upload.toMillis());
        return CompletableFuture.supplyAsync(() -> {
            try {
                return api.postExportSlowly(export, name, rate);
            } catch (IOException e) {
                return new FixlineApi.Answer(-1, e.toString()); // the node died while we waited
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new FixlineApi.Answer(-1, e.toString());
            }
        });
    }

    /** kill -9 now; records when and why, and checks that the JVM really died of SIGKILL. */
    void kill(String phase, String moment) {
        FixlineProcess.Stop stop = node.kill9();
        if (stop.exitCode() != 137) {
            throw new AssertionError(scenario + ": kill -9 " + phase + " ended with " + stop.exitCode());
        }
        kills.add(phase + " (" + moment + ")");
        record(phase, moment);
    }

    /** Restarts the node and notes how long the start took. */
    Duration restart() {
        node.start();
        return node.lastStartTook();
    }

    /** Polls until the condition holds, failing with the node's log tail after the timeout. */
    void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(scenario + ": no " + what + " within " + timeout + " (seed " + seed + ")\n"
                        + node.logTail(60));
            }
            FixlineProcess.sleep(Duration.ofMillis(100));
        }
    }

    long casesInState(String state) {
        return api.total("/api/cases?state=" + state);
    }

    /** Every qualifying case started, every owner mailed, every ticket open (as far as Fixline knows). */
    Duration awaitQuiet(int qualifying) {
        Instant begin = Instant.now();
        await("quiet (all cases started, mailed and ticketed)", QUIET_TIMEOUT, () ->
                api.total("/api/cases") >= qualifying && casesInState("PENDING") == 0
                        && api.total("/api/notifications") >= qualifying && mail.perKey().size() >= qualifying
                        && api.all("/api/notifications").stream().allMatch(n -> !n.path("sentAt").isNull())
                        && jira.issuesByFingerprint().size() >= qualifying
                        && ticketsLinked() >= qualifying);
        return Duration.between(begin, Instant.now());
    }

    private long ticketsLinked() {
        JsonNode health = api.get("/actuator/health");
        JsonNode ticketing = health.path("components").path("ticketing").path("details");
        if (ticketing.path("createsAwaitingOutcome").asInt(-1) != 0 || ticketing.path("incidents").asInt(-1) != 0) {
            return -1;
        }
        return jira.issuesByFingerprint().size();
    }

    /**
     * What was lost and what was duplicated, counted as a user, an auditor, a Jira administrator and a
     * mail recipient would: findings of the applied export, cases per finding, process instances per case,
     * issues per case fingerprint, mails per notification key, the sweep itself.
     */
    Tally tally(String exportName, int rows, int qualifying) {
        Tally t = new Tally();
        List<JsonNode> sweeps = api.all("/api/sweeps").stream()
                .filter(s -> s.path("sourceName").asText().equals(exportName)).toList();
        t.count("sweep", 1, sweeps.size());
        t.count("finding", rows, api.total("/api/findings"));
        List<JsonNode> cases = api.all("/api/cases");
        Map<String, Integer> casesPerCve = new HashMap<>();
        cases.forEach(c -> casesPerCve.merge(c.path("vulnerabilityId").asText(), 1, Integer::sum));
        t.perKey("case", qualifying, casesPerCve);
        t.count("started case", qualifying,
                cases.stream().filter(c -> !c.path("processInstanceId").isNull() && c.path("state").asText().equals("OPEN"))
                        .count());
        t.count("process instance", qualifying,
                api.get("/engine-rest/history/process-instance/count?processDefinitionKey=remediation").path("count").asLong());
        t.perKey("Jira issue", qualifying, count(jira.issuesByFingerprint()));
        t.perKey("mail", qualifying, mail.perKey());
        t.inform("mail re-delivered (same Message-ID)", mail.redelivered());
        t.count("notification record", qualifying, api.total("/api/notifications"));
        return t;
    }

    /**
     * What only the database shows: a second process instance of a case, and the audit trail's CASE_OPENED
     * and NOTIFIED events (one each per case). Runs with the node stopped on H2, whose file is locked while open.
     */
    void tallyInDatabase(Tally t, int qualifying) {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            t.count("case with two process instances", 0, single(s, "SELECT COUNT(*) FROM (SELECT BUSINESS_KEY_ FROM "
                    + "ACT_HI_PROCINST WHERE PROC_DEF_KEY_ = 'remediation' GROUP BY BUSINESS_KEY_ HAVING COUNT(*) > 1) d"));
            t.count("CASE_OPENED event", qualifying, single(s, "SELECT COUNT(*) FROM audit_event WHERE event_type = 'CASE_OPENED'"));
            t.count("NOTIFIED event", qualifying, single(s, "SELECT COUNT(*) FROM audit_event WHERE event_type = 'NOTIFIED'"));
            t.count("linked ticket record", qualifying, single(s, "SELECT COUNT(*) FROM ticket_link WHERE state = 'LINKED'"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, Integer> count(Map<String, List<String>> grouped) {
        Map<String, Integer> counts = new HashMap<>();
        grouped.forEach((k, v) -> counts.put(k, v.size()));
        return counts;
    }

    List<String> kills() {
        return kills;
    }

    private void record(String phase, String moment) {
        try {
            Files.createDirectories(RESULTS.getParent());
            if (!Files.exists(RESULTS)) {
                Files.writeString(RESULTS, "time,scenario,database,seed,phase,moment\n", StandardCharsets.UTF_8);
            }
            Files.writeString(RESULTS, Instant.now() + "," + scenario + "," + database.label() + "," + seed + "," + phase
                    + ",\"" + moment + "\"\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        node.close();
        jira.close();
        mail.close();
    }
}
