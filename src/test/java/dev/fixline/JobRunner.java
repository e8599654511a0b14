package dev.fixline;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stands in for Camunda's job executor in tests that let days pass: runs exactly the jobs the executor would
 * acquire at the clock's time (retries left, due, not locked, not suspended), oldest first, and moves the
 * clock from one due instant to the next. Only the jobs of the given process instances run, so that the
 * cases of other tests in the same context stay where they are.
 */
public final class JobRunner {

    /** A job as the acquisition sees it. */
    private record Acquirable(String id, Instant readyAt) {
    }

    private final JdbcTemplate jdbc;
    private final ManagementService management;
    private final MutableClock clock;
    private int executions;

    public JobRunner(JdbcTemplate jdbc, ManagementService management, MutableClock clock) {
        this.jdbc = jdbc;
        this.management = management;
        this.clock = clock;
    }

    /** How many job executions (failed ones included) this runner has made. */
    public int executions() {
        return executions;
    }

    /** Runs the instances' jobs that are due now, and those they lead to, until none is due. */
    public void runDue(Collection<String> processInstances) {
        for (int round = 0; round < 200; round++) {
            Instant now = clock.instant();
            List<Acquirable> due = acquirable(processInstances).stream().filter(j -> !j.readyAt().isAfter(now))
                    .sorted(Comparator.comparing(Acquirable::readyAt)).toList();
            if (due.isEmpty()) {
                return;
            }
            for (Acquirable job : due) {
                executions++;
                try {
                    management.executeJob(job.id());
                } catch (ProcessEngineException failed) {
                    // recorded on the job as the executor would: retried later, then an incident
                }
            }
        }
        throw new AssertionError("jobs keep coming at " + clock.instant());
    }

    /** When the next of the instances' jobs becomes due after now; empty when none will. */
    public Optional<Instant> nextDue(Collection<String> processInstances) {
        Instant now = clock.instant();
        return acquirable(processInstances).stream().map(Acquirable::readyAt).filter(at -> at.isAfter(now))
                .min(Comparator.naturalOrder());
    }

    /**
     * Lets time pass until {@code until}: jobs run as they come due, and {@code everyTick} runs every
     * {@code tick} (a node's periodic checks), {@code afterJobs} after each batch of jobs.
     */
    public void advance(Instant until, Duration tick, Runnable everyTick, Runnable afterJobs,
                        Collection<String> processInstances) {
        Instant nextTick = clock.instant().plus(tick);
        while (true) {
            runDue(processInstances);
            afterJobs.run();
            Instant tickAt = nextTick;
            Instant next = nextDue(processInstances).filter(at -> at.isBefore(tickAt)).orElse(tickAt);
            if (next.isAfter(until)) {
                clock.set(until);
                runDue(processInstances);
                afterJobs.run();
                return;
            }
            clock.set(next);
            if (next.equals(nextTick)) {
                everyTick.run();
                nextTick = nextTick.plus(tick);
            }
        }
    }

    private List<Acquirable> acquirable(Collection<String> processInstances) {
        if (processInstances.isEmpty()) {
            return List.of();
        }
        String in = String.join(",", Collections.nCopies(processInstances.size(), "?"));
        return jdbc.query("SELECT ID_, DUEDATE_, LOCK_OWNER_, LOCK_EXP_TIME_ FROM ACT_RU_JOB WHERE RETRIES_ > 0 "
                + "AND SUSPENSION_STATE_ = 1 AND PROCESS_INSTANCE_ID_ IN (" + in + ")", (rs, n) -> {
                    Instant ready = Instant.MIN;
                    Timestamp due = rs.getTimestamp(2);
                    if (due != null) {
                        ready = due.toInstant();
                    }
                    Timestamp lock = rs.getTimestamp(4);
                    if (rs.getString(3) != null && lock != null && lock.toInstant().isAfter(ready)) {
                        ready = lock.toInstant();
                    }
                    return new Acquirable(rs.getString(1), ready);
                }, processInstances.toArray());
    }
}
