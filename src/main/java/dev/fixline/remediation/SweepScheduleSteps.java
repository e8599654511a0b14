package dev.fixline.remediation;

import dev.fixline.ingest.ResourceGraphSweeps;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/** The steps of {@code processes/sweep-schedule.bpmn}. */
@Component("sweepScheduleSteps")
public class SweepScheduleSteps {

    static final String NEXT_SWEEP_AT = "nextSweepAt";
    static final String CRON = "cron";
    private static final Logger log = LoggerFactory.getLogger(SweepScheduleSteps.class);

    private final ResourceGraphSweeps sweeper;
    private final Clock clock;

    SweepScheduleSteps(ResourceGraphSweeps sweeper, Clock clock) {
        this.sweeper = sweeper;
        this.clock = clock;
    }

    /** Sets {@code nextSweepAt} to the next instant of the configured cron (UTC), read anew every time. */
    public void planNext(DelegateExecution execution) {
        Date next = nextRun(sweeper.schedule(), clock.instant());
        execution.setVariable(NEXT_SWEEP_AT, next);
        execution.setVariable(CRON, sweeper.schedule());
        log.info("Next Resource Graph sweep at {} (cron '{}', UTC)", next.toInstant(), sweeper.schedule());
    }

    public void startSweep(DelegateExecution execution) {
        if (!sweeper.enabled()) {
            log.info("Scheduled Resource Graph sweep skipped: fixline.arg.enabled is false");
        } else if (sweeper.throttledUntil().isPresent()) {
            // Its Retry-After is honoured: the retry of the failed sweep comes then.
            log.info("Scheduled Resource Graph sweep skipped: Resource Graph asked to wait until {}",
                    sweeper.throttledUntil().get());
        } else if (!sweeper.startInBackground("schedule")) {
            log.info("Scheduled Resource Graph sweep skipped: one is still running");
        }
    }

    static Date nextRun(String cron, Instant now) {
        ZonedDateTime next = CronExpression.parse(cron).next(now.atZone(ZoneOffset.UTC));
        if (next == null) {
            throw new IllegalStateException("fixline.arg.schedule '" + cron + "' never fires");
        }
        return Date.from(next.toInstant());
    }
}
