package dev.fixline.reliability.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.reliability.Exports;
import dev.fixline.reliability.FixlineApi;
import dev.fixline.reliability.FixlineProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Fixline JVMs on one PostgreSQL database, racing for the same work, with Jira, Resource Graph and
 * SMTP shared: whatever reaches both nodes is done once. The pair starts together on a fresh database
 * (the start-up race, samples included) and serves every scenario; each scenario works on a registry of
 * its own, and after each one every case, case start, ticket, comment, mail and audit event of the
 * whole database is counted ({@link ExactlyOnce}): none lost, none duplicated. The kills come last.
 *
 * <p>Runs in the suite; {@code -Dfixline.nodes.runs=N} repeats the races (default 1) and
 * {@code -Dfixline.nodes.import-rows=N} sizes the killed import (default 5,000 rows). Figures go to
 * {@code target/reliability/two-nodes-report.md}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesOnOnePostgresTest {

    static final int RUNS = Integer.getInteger("fixline.nodes.runs", 1);
    static final int IMPORT_ROWS = Integer.getInteger("fixline.nodes.import-rows", 5_000);
    static final Duration SETTLE = Duration.ofMinutes(5);
    static final Path REPORT = Path.of("target", "reliability", "two-nodes-report.md");

    private TwoNodes cluster;
    private final JiraWebhooks webhooks = new JiraWebhooks();

    @BeforeAll
    void startTwoNodesTogether() throws IOException {
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, "# Two nodes on one PostgreSQL (" + Instant.now() + ")\n", StandardCharsets.UTF_8);
        cluster = TwoNodes.onFreshPostgres("nodes").startTogether();
    }

    /** A node killed by an earlier scenario is started again, so every scenario begins with two. */
    @BeforeEach
    void bothNodesUp() {
        cluster.restartStopped();
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void bothNodesStartTogetherOnAFreshDatabaseAndImportTheSamplesOnce() {
        assertThat(cluster.a.alive() && cluster.b.alive()).as("both nodes are up").isTrue();
        assertThat(cluster.sql.queryForList("SELECT source_name FROM sweep ORDER BY source_name", String.class))
                .as("each sample imported once").containsExactly("day-1.json", "day-2.json", "day-3.json");
        List<FixlineProcess> importers = cluster.nodes().stream().filter(n -> logOfThisRun(n).contains("Imported sample"))
                .toList();
        assertThat(importers).as("one node imported the samples").hasSize(1);
        FixlineProcess other = importers.get(0) == cluster.a ? cluster.b : cluster.a;
        assertThat(logOfThisRun(other)).contains("Samples not imported: the database holds sweeps already");
        assertThat(cluster.count("SELECT COUNT(*) FROM act_ru_execution WHERE parent_id_ IS NULL AND proc_def_id_ IN "
                + "(SELECT id_ FROM act_re_procdef WHERE key_ = 'sweepSchedule')")).as("one sweep schedule").isEqualTo(1);
        assertThat(cluster.sql.queryForList("SELECT key_ || ' v' || version_ FROM act_re_procdef ORDER BY key_",
                String.class)).as("each process deployed once").containsExactly("remediation v1", "sweepSchedule v1");
        settleAndCount("start-up: both nodes at once on a fresh database, samples on", 1);
    }

    @Test
    @Order(2)
    void theSameExportPostedToBothNodesAtOnceIsAppliedOnce() {
        for (int run = 1; run <= RUNS; run++) {
            Exports exports = new Exports("same" + run);
            byte[] export = exports.export(300, 20, Instant.now().minusSeconds(3600));
            String name = "same-export-" + run;
            List<FixlineApi.Answer> answers = cluster.onBothAtOnce(node -> post(node, export, name));

            List<Integer> statuses = answers.stream().map(FixlineApi.Answer::status).sorted().toList();
            assertThat(statuses.get(0)).as(answers.toString()).isEqualTo(202);
            assertThat(statuses.get(1)).as("the other is refused as stale or busy: " + answers).isIn(409, 503);
            assertThat(cluster.count("SELECT COUNT(DISTINCT sweep_id) FROM sweep_registry WHERE registry_host = ?",
                    exports.registryHost())).as("applied once").isEqualTo(1);
            cluster.awaitQuiet(SETTLE);
            assertThat(cluster.count("SELECT COUNT(*) FROM finding WHERE registry_host = ?", exports.registryHost()))
                    .isEqualTo(300);
            assertOpenCases(exports, 20);
        }
        settleAndCount("the same export posted to both nodes at once (300 rows, 20 cases)", RUNS);
    }

    @Test
    @Order(3)
    void aResourceGraphSweepDueOnBothNodesRunsOncePerDueTime() {
        Exports exports = new Exports("arg");
        cluster.resourceGraph.serve(exports.export(100, 5, Instant.now().minusSeconds(3600)));
        int queriesBefore = cluster.resourceGraph.findingQueries();
        long sweepsBefore = argSweeps();
        for (int due = 1; due <= RUNS + 1; due++) {
            int moved = cluster.sql.update("""
                    UPDATE act_ru_job SET duedate_ = CURRENT_TIMESTAMP WHERE type_ = 'timer' AND process_instance_id_ IN
                    (SELECT id_ FROM act_ru_execution WHERE parent_id_ IS NULL AND proc_def_id_ IN
                     (SELECT id_ FROM act_re_procdef WHERE key_ = 'sweepSchedule'))""");
            assertThat(moved).as("the schedule's one timer, now due on both nodes").isEqualTo(1);
            long expected = sweepsBefore + due;
            await("scheduled sweep " + due, () -> argSweeps() >= expected);
            cluster.awaitQuiet(SETTLE);
            assertThat(argSweeps()).as("one sweep for due time " + due).isEqualTo(expected);
            assertThat(cluster.count("""
                    SELECT COUNT(*) FROM act_ru_job WHERE type_ = 'timer' AND duedate_ > CURRENT_TIMESTAMP
                    AND process_instance_id_ IN (SELECT id_ FROM act_ru_execution WHERE parent_id_ IS NULL
                    AND proc_def_id_ IN (SELECT id_ FROM act_re_procdef WHERE key_ = 'sweepSchedule'))"""))
                    .as("the next sweep planned").isEqualTo(1);
        }
        assertThat(cluster.resourceGraph.findingQueries() - queriesBefore).as("Resource Graph asked once per due time")
                .isEqualTo(RUNS + 1);
        assertThat(cluster.count("SELECT COUNT(*) FROM sweep WHERE source = 'arg' AND state <> 'COMPLETE'")).isZero();
        assertOpenCases(exports, 5);
        settleAndCount("the scheduled Resource Graph sweep due on both nodes (100 rows, 5 cases)", RUNS + 1);
    }

    @Test
    @Order(4)
    void timersDueAtTheSameMomentOnBothNodesNotifyOnce() {
        Exports exports = new Exports("timers");
        assertThat(post(cluster.a, exports.export(100, 20, Instant.now().minusSeconds(3600)), "timers").status())
                .isEqualTo(202);
        cluster.awaitQuiet(SETTLE);
        assertOpenCases(exports, 20);

        int moved = cluster.sql.update("""
                UPDATE act_ru_job SET duedate_ = CURRENT_TIMESTAMP WHERE type_ = 'timer'
                AND job_def_id_ IN (SELECT id_ FROM act_ru_jobdef WHERE act_id_ IN
                  ('Timer_Reminder', 'Timer_ReminderHalfway', 'Timer_SlaBreach'))
                AND process_instance_id_ IN (SELECT process_instance_id FROM remediation_case WHERE registry_host = ?)""",
                exports.registryHost());
        assertThat(moved).as("reminder and due-date timers of 20 cases").isGreaterThanOrEqualTo(40);
        cluster.awaitQuiet(SETTLE);

        for (String kind : List.of("REMINDER", "BREACH")) {
            assertThat(cluster.count("""
                    SELECT COUNT(*) FROM notification n JOIN remediation_case c ON c.id = n.case_id
                    WHERE c.registry_host = ? AND n.kind = ?""", exports.registryHost(), kind)).as(kind).isEqualTo(20);
        }
        assertThat(cluster.count("""
                SELECT COUNT(*) FROM audit_event a JOIN remediation_case c ON c.id = a.case_id
                WHERE c.registry_host = ? AND a.event_type = 'SLA_BREACHED'""", exports.registryHost())).isEqualTo(20);
        report("timer jobs run per node: " + cluster.sql.queryForList("""
                SELECT hostname_, COUNT(*) AS jobs FROM act_hi_job_log WHERE job_state_ = 2 AND process_instance_id_ IN
                (SELECT process_instance_id FROM remediation_case WHERE registry_host = ?) GROUP BY hostname_""",
                exports.registryHost()));
        settleAndCount("timers due at the same moment on both nodes (" + moved + " timers of 20 cases)", 1);
    }

    @Test
    @Order(5)
    void aJiraWebhookDeliveredToBothNodesIsAppliedOnce() {
        Exports exports = new Exports("hooks");
        assertThat(post(cluster.b, exports.export(40, 10, Instant.now().minusSeconds(3600)), "hooks").status())
                .isEqualTo(202);
        cluster.awaitQuiet(SETTLE);
        List<Map<String, Object>> tickets = cluster.sql.queryForList("""
                SELECT t.case_id, t.ticket_id, t.ticket_key FROM ticket_link t JOIN remediation_case c ON c.id = t.case_id
                WHERE c.registry_host = ? AND t.state = 'LINKED'""", exports.registryHost());
        assertThat(tickets).hasSize(10);

        List<String> outcomes = new ArrayList<>();
        for (Map<String, Object> ticket : tickets) {
            String body = JiraWebhooks.ownerMovedToDone((String) ticket.get("ticket_id"), (String) ticket.get("ticket_key"));
            String delivery = "delivery-" + ticket.get("case_id");
            List<JiraWebhooks.Receipt> receipts = cluster.onBothAtOnce(node -> webhooks.deliver(node, body, delivery));
            assertThat(receipts).as(receipts.toString()).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
            List<String> pair = receipts.stream().map(JiraWebhooks.Receipt::outcome).sorted().toList();
            assertThat(pair).as("one applies it, the other sees it was").containsExactly("APPLIED", "DUPLICATE");
            outcomes.addAll(pair);
        }
        cluster.awaitQuiet(SETTLE);
        assertThat(cluster.count("SELECT COUNT(*) FROM remediation_case WHERE registry_host = ? AND state = "
                + "'AWAITING_VERIFICATION'", exports.registryHost())).isEqualTo(10);
        for (String type : List.of("TICKET_RESOLVED", "MARKED_FIXED")) {
            assertThat(cluster.count("""
                    SELECT COUNT(*) FROM audit_event a JOIN remediation_case c ON c.id = a.case_id
                    WHERE c.registry_host = ? AND a.event_type = ?""", exports.registryHost(), type)).as(type)
                    .isEqualTo(10);
        }
        report("webhook outcomes: " + outcomes.stream().collect(java.util.stream.Collectors.groupingBy(o -> o,
                java.util.stream.Collectors.counting())));
        settleAndCount("the same Jira webhook delivery to both nodes at once (10 deliveries)", 1);
    }

    @Test
    @Order(6)
    void aNodeKilledMidImportLeavesNothingAndTheSurvivorAppliesItWhenSentAgain() {
        Exports exports = new Exports("killimport");
        byte[] export = exports.export(IMPORT_ROWS, 30, Instant.now().minusSeconds(3600));
        CompletableFuture<FixlineApi.Answer> cut = CompletableFuture.supplyAsync(() -> post(cluster.a, export, "killed-import"));
        await("node a applying the import", () -> logOfThisRun(cluster.a).contains("killed-import): staged") || cut.isDone());
        assertThat(cut).as("the kill comes while the import is applied").isNotDone();
        FixlineProcess.Stop killed = cluster.a.kill9();
        assertThat(killed.exitCode()).isEqualTo(137);
        assertThat(cut.handle((answer, failure) -> failure != null || answer.status() != 202).join())
                .as("the cut import was not acknowledged").isTrue();
        assertThat(cluster.count("SELECT COUNT(*) FROM finding WHERE registry_host = ?", exports.registryHost()))
                .as("nothing of it applied").isZero();

        FixlineApi.Answer again = post(cluster.b, export, "killed-import-again");
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        assertThat(cluster.count("SELECT COUNT(*) FROM finding WHERE registry_host = ?", exports.registryHost()))
                .isEqualTo(IMPORT_ROWS);
        cluster.awaitQuiet(SETTLE);
        assertOpenCases(exports, 30);
        settleAndCount("node a killed mid-import (" + IMPORT_ROWS + " rows), re-posted to node b", 1);
    }

    @Test
    @Order(7)
    void aNodeKilledMidDispatchLeavesTheSurvivorToStartEveryCase() {
        Exports exports = new Exports("killdispatch");
        int cases = 200;
        FixlineApi.Answer applied = post(cluster.a, exports.export(cases, cases, Instant.now().minusSeconds(3600)),
                "dispatch-then-kill");
        assertThat(applied.status()).as(applied.body()).isEqualTo(202);
        await("a quarter of the cases started", () -> startedCases(exports) >= cases / 4);
        FixlineProcess.Stop killed = cluster.a.kill9();
        long startedAtKill = startedCases(exports);
        assertThat(killed.exitCode()).isEqualTo(137);
        assertThat(startedAtKill).as("the kill came while cases were being started").isLessThan(cases);

        cluster.awaitQuiet(SETTLE);
        assertOpenCases(exports, cases);
        report("cases started when node a was killed: " + startedAtKill + " of " + cases);
        settleAndCount("node a killed mid-dispatch (" + startedAtKill + " of " + cases + " cases started), node b "
                + "finishes", 1);
    }

    private long argSweeps() {
        return cluster.count("SELECT COUNT(*) FROM sweep WHERE source = 'arg'");
    }

    private long startedCases(Exports exports) {
        return cluster.count("SELECT COUNT(*) FROM remediation_case WHERE registry_host = ? AND state <> 'PENDING'",
                exports.registryHost());
    }

    private void assertOpenCases(Exports exports, int expected) {
        assertThat(cluster.sql.queryForList("SELECT state FROM remediation_case WHERE registry_host = ?", String.class,
                exports.registryHost())).as("cases of " + exports.registryHost()).hasSize(expected)
                .containsOnly("OPEN");
    }

    /** Waits for the cluster to settle, then counts everything in the database: nothing lost or duplicated. */
    private void settleAndCount(String scenario, int runs) {
        cluster.awaitQuiet(SETTLE);
        ExactlyOnce counter = new ExactlyOnce(cluster);
        List<ExactlyOnce.Line> lines = counter.count();
        StringBuilder table = new StringBuilder("\n## " + scenario + " (runs: " + runs + ")\n\n"
                + "| item | expected | found | lost | duplicated |\n|---|---:|---:|---:|---:|\n");
        lines.forEach(l -> table.append("| ").append(l.item()).append(" | ").append(l.expected()).append(" | ")
                .append(l.found()).append(" | ").append(l.lost()).append(" | ").append(l.duplicated()).append(" |\n"));
        table.append("\nMails re-delivered as the same message (same Message-ID, not a duplicate): ")
                .append(counter.redeliveredMails()).append('\n');
        report(table.toString());
        assertThat(lines).as(scenario).allSatisfy(line -> {
            assertThat(line.lost()).as(line.toString()).isZero();
            assertThat(line.duplicated()).as(line.toString()).isZero();
        });
    }

    /** The node's log since its first start in this test run (the file keeps earlier runs). */
    private static String logOfThisRun(FixlineProcess node) {
        try {
            String all = Files.readString(node.log(), StandardCharsets.UTF_8);
            return all.substring(Math.max(0, all.lastIndexOf("===== " + node.name() + " start #1 ")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void report(String text) {
        try {
            Files.writeString(REPORT, text + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FixlineApi.Answer post(FixlineProcess node, byte[] export, String name) {
        try {
            return cluster.api(node).postExport(export, name);
        } catch (IOException e) {
            throw new UncheckedIOException("POST /api/sweeps to " + node.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(SETTLE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Waited " + SETTLE + " for " + what);
            }
            TwoNodes.sleep(Duration.ofMillis(200));
        }
    }
}
