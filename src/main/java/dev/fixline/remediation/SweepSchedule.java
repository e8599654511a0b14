package dev.fixline.remediation;

import dev.fixline.cluster.ClusterLocks;
import dev.fixline.cluster.LockScope;
import dev.fixline.ingest.ResourceGraphSweeps;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps exactly one scheduled-sweep process per source running while the source is enabled, and moves
 * its timer when the configured cron changed. Nodes starting together take turns on a row lock of
 * their own, so only the first one starts the process.
 */
@Component
class SweepSchedule {

    static final String PROCESS_KEY = "sweepSchedule";
    static final String ARG = "arg";
    private static final Logger log = LoggerFactory.getLogger(SweepSchedule.class);

    private final ResourceGraphSweeps sweeps;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final ClusterLocks locks;
    private final TransactionTemplate tx;
    private final Clock clock;

    SweepSchedule(ResourceGraphSweeps sweeps, RuntimeService runtime, ManagementService management, ClusterLocks locks,
                  TransactionTemplate tx, Clock clock) {
        this.clock = clock;
        this.sweeps = sweeps;
        this.runtime = runtime;
        this.management = management;
        this.locks = locks;
        this.tx = tx;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ensureScheduled() {
        if (!sweeps.enabled()) {
            return;
        }
        tx.executeWithoutResult(s -> {
            locks.holdUntilCommit(LockScope.SCHEDULE);
            List<ProcessInstance> schedules = runtime.createProcessInstanceQuery().processDefinitionKey(PROCESS_KEY)
                    .processInstanceBusinessKey(ARG).list();
            if (schedules.isEmpty()) {
                runtime.startProcessInstanceByKey(PROCESS_KEY, ARG);
                log.info("Scheduled Resource Graph sweeps on cron '{}' (UTC)", sweeps.schedule());
                return;
            }
            ProcessInstance schedule = schedules.get(0);
            if (schedule.isSuspended()) {
                log.warn("The Resource Graph sweep schedule ({}) is suspended in Cockpit: no scheduled sweeps "
                        + "run until it is activated", schedule.getId());
                return;
            }
            Object plannedFor = runtime.getVariable(schedule.getId(), SweepScheduleSteps.CRON);
            Job timer = management.createJobQuery().processInstanceId(schedule.getId()).timers().singleResult();
            if (timer == null) {
                log.warn("The Resource Graph sweep schedule ({}) is not waiting for its timer; see its incident "
                        + "in Cockpit", schedule.getId());
            } else if (!sweeps.schedule().equals(plannedFor)) {
                // Only a changed cron moves the timer: an overdue one still fires, so a missed sweep runs.
                Date next = SweepScheduleSteps.nextRun(sweeps.schedule(), clock.instant());
                runtime.setVariable(schedule.getId(), SweepScheduleSteps.CRON, sweeps.schedule());
                runtime.setVariable(schedule.getId(), SweepScheduleSteps.NEXT_SWEEP_AT, next);
                management.setJobDuedate(timer.getId(), next);
                log.info("Resource Graph sweeps now on cron '{}' (was '{}'); next at {}", sweeps.schedule(),
                        plannedFor, next.toInstant());
            }
        });
    }
}
