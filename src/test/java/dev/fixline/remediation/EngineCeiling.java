package dev.fixline.remediation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the engine alone needs for the remediation process: the same BPMN (every task, gateway, timer, async
 * continuation and listener) under the key {@code remediation-ceiling}, with each of Fixline's expressions
 * replaced by one that does nothing, started and correlated in a plain loop as the dispatcher does it, one
 * transaction each, with the job executor running its jobs. Fixline's figures are compared with these.
 */
public final class EngineCeiling {

    public static final String KEY = "remediation-ceiling";
    private static final String FIXLINE_BEANS = "caseActivities|caseTickets|caseExceptions|caseReassignments"
            + "|caseFalsePositives|slaClock|pinnedVariables|reminderTimers";

    private final RepositoryService repository;
    private final RuntimeService runtime;
    private final TransactionTemplate tx;
    private final JdbcTemplate jdbc;

    public EngineCeiling(RepositoryService repository, RuntimeService runtime, TransactionTemplate tx,
                         JdbcTemplate jdbc) {
        this.repository = repository;
        this.runtime = runtime;
        this.tx = tx;
        this.jdbc = jdbc;
    }

    /** Deploys the process with Fixline's work taken out. */
    public void deploy() throws IOException {
        String bpmn = Files.readString(Path.of("processes", "remediation.bpmn"))
                .replace("<bpmn:process id=\"" + RemediationProcess.KEY + "\"", "<bpmn:process id=\"" + KEY + "\"")
                .replaceAll("\\$\\{pendingSteps\\.[^}]*}", "\\${false}")
                .replaceAll("\\$\\{(" + FIXLINE_BEANS + ")\\.[^}]*}", "\\${null}");
        repository.createDeployment().name(KEY).addInputStream(KEY + ".bpmn",
                new ByteArrayInputStream(bpmn.getBytes(StandardCharsets.UTF_8))).deploy();
    }

    /** Starts {@code count} instances, each in a transaction of its own, and waits until their due jobs ran. */
    public Duration startAll(String prefix, int count) {
        long begin = System.nanoTime();
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            String businessKey = prefix + i;
            Map<String, Object> variables = new HashMap<>();
            variables.put(RemediationProcess.Variable.CASE_ID, businessKey);
            variables.put(RemediationProcess.Variable.OWNER, "owner@ceiling.example");
            variables.put(RemediationProcess.Variable.TEAM, "ceiling");
            variables.put(RemediationProcess.Variable.DUE_AT, Date.from(now.plus(Duration.ofDays(30))));
            variables.put(RemediationProcess.Variable.REMIND_AT, Date.from(now.plus(Duration.ofDays(20))));
            variables.put(RemediationProcess.Variable.HALFWAY_AT, Date.from(now.plus(Duration.ofDays(15))));
            variables.put(RemediationProcess.Variable.ESCALATE_AT, Date.from(now.plus(Duration.ofDays(40))));
            variables.put(RemediationProcess.Variable.BREACH_NOTICE_CYCLE, "R/P7D");
            variables.put(RemediationProcess.Variable.VERIFICATION_TIMEOUT, "P7D");
            variables.put("slaPaused", false);
            tx.executeWithoutResult(s -> runtime.startProcessInstanceByKey(KEY, businessKey, variables));
        }
        awaitJobs(jdbc, KEY);
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    /** Correlates "finding fixed" to {@code count} of the started instances, one transaction each, and waits. */
    public Duration correlateFixed(String prefix, int count) {
        long begin = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String businessKey = prefix + i;
            tx.executeWithoutResult(s -> runtime.createMessageCorrelation(
                            RemediationProcess.Message.FINDING_FIXED.messageName())
                    .processInstanceBusinessKey(businessKey)
                    .setVariable(RemediationProcess.Variable.CLOSURE, "{}").correlateAllWithResult());
        }
        awaitJobs(jdbc, KEY);
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    /** Waits until no job of the process is due (timers in the future stay), nor runs; incidents aside. */
    public static void awaitJobs(JdbcTemplate jdbc, String processKey) {
        long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
        while (System.nanoTime() < deadline) {
            Long due = jdbc.queryForObject("""
                    SELECT COUNT(*) FROM ACT_RU_JOB WHERE PROCESS_DEF_KEY_ = ? AND RETRIES_ > 0
                      AND (DUEDATE_ IS NULL OR DUEDATE_ <= ?)""", Long.class, processKey,
                    Timestamp.from(Instant.now()));
            if (due == 0) {
                return;
            }
            try {
                Thread.sleep(250); // a count scans the job table: often enough, not so often that it weighs
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("the jobs of " + processKey + " did not finish within an hour");
    }

    /** The process's jobs that failed for good (incidents), which the figures would otherwise hide. */
    public static long incidents(JdbcTemplate jdbc, String processKey) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RU_JOB WHERE PROCESS_DEF_KEY_ = ? AND RETRIES_ = 0",
                Long.class, processKey);
    }
}
