package dev.fixline.remediation;

import dev.fixline.ingest.arg.ArgProperties;
import java.util.Date;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps exactly one scheduled-sweep process per source running while the source is enabled, and moves
 * its timer when the configured cron changed. Nodes starting together take turns on a row lock, so
 * only the first one starts the process.
 */
@Component
class SweepSchedule {

    static final String PROCESS_KEY = "sweepSchedule";
    static final String ARG = "arg";
    private static final Logger log = LoggerFactory.getLogger(SweepSchedule.class);

    private final ArgProperties properties;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    SweepSchedule(ArgProperties properties, RuntimeService runtime, ManagementService management, JdbcTemplate jdbc,
                  TransactionTemplate tx) {
        this.properties = properties;
        this.runtime = runtime;
        this.management = management;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ensureScheduled() {
        if (!properties.enabled()) {
            return;
        }
        tx.executeWithoutResult(s -> {
            jdbc.queryForList("SELECT scope FROM sweep_lock WHERE scope = 'finding-store' FOR UPDATE");
            ProcessInstance running = runtime.createProcessInstanceQuery().processDefinitionKey(PROCESS_KEY)
                    .processInstanceBusinessKey(ARG).active().singleResult();
            if (running == null) {
                runtime.startProcessInstanceByKey(PROCESS_KEY, ARG);
                log.info("Scheduled Resource Graph sweeps on cron '{}' (UTC)", properties.schedule());
                return;
            }
            // The cron may have changed since the timer was set: move it to the next instant of today's cron.
            Date next = SweepScheduleSteps.nextRun(properties.schedule());
            Job timer = management.createJobQuery().processInstanceId(running.getId()).timers().singleResult();
            if (timer != null && !next.equals(timer.getDuedate())) {
                runtime.setVariable(running.getId(), SweepScheduleSteps.NEXT_SWEEP_AT, next);
                management.setJobDuedate(timer.getId(), next);
                log.info("Next Resource Graph sweep moved to {} (cron '{}', UTC)", next.toInstant(),
                        properties.schedule());
            }
        });
    }
}
