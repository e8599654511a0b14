package dev.fixline.remediation;

import static dev.fixline.remediation.RemediationProcess.Variable.BREACH_NOTICE_CYCLE;
import static dev.fixline.remediation.RemediationProcess.Variable.DUE_AT;
import static dev.fixline.remediation.RemediationProcess.Variable.ESCALATE_AT;
import static dev.fixline.remediation.RemediationProcess.Variable.HALFWAY_AT;
import static dev.fixline.remediation.RemediationProcess.Variable.REMIND_AT;

import dev.fixline.audit.AuditEventType;
import dev.fixline.audit.AuditLog;
import dev.fixline.remediation.RemediationProcess.Activity;
import dev.fixline.sla.SlaDates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.SuspensionState;
import org.camunda.bpm.engine.impl.persistence.entity.TimerEntity;
import org.springframework.stereotype.Component;

/**
 * Pauses and resumes a case's SLA clock around an approved exception. Pausing suspends the clock's timers
 * (reminders, due date, escalation, repeated notices), so none fires while the exception runs; resuming
 * moves every date that had not come yet by the time the clock stood still, and lets the timers run
 * again. A timer that fired before the pause does not fire again.
 */
@Component("slaClock")
public class SlaClock {

    /** The clock's one-shot timers and the variable each takes its date from. */
    static final Map<Activity, String> DATED_TIMERS = Map.of(Activity.REMINDER, REMIND_AT, Activity.HALFWAY,
            HALFWAY_AT, Activity.SLA_DUE, DUE_AT, Activity.STILL_OVERDUE, ESCALATE_AT);
    private static final List<String> TIMERS = List.of(Activity.REMINDER.id(), Activity.HALFWAY.id(),
            Activity.SLA_DUE.id(), Activity.STILL_OVERDUE.id(), Activity.EVERY_BREACH_CYCLE.id());

    private final CaseRepository cases;
    private final AuditLog audit;
    private final Clock clock;

    SlaClock(CaseRepository cases, AuditLog audit, Clock clock) {
        this.cases = cases;
        this.audit = audit;
        this.clock = clock;
    }

    /** The step after an approved exception: the clock stops until it expires or is revoked. */
    public void pause(DelegateExecution execution) {
        String caseId = execution.getProcessBusinessKey();
        Instant now = clock.instant();
        execution.setVariable(RemediationProcess.Variable.SLA_PAUSED, true);
        if (!cases.pause(caseId, now)) {
            return; // paused already: this step ran before
        }
        clockTimers(execution).forEach(timer -> timer.setSuspensionState(SuspensionState.SUSPENDED.getStateCode()));
        Date due = (Date) execution.getVariable(DUE_AT);
        Date expiry = (Date) execution.getVariable(RemediationProcess.Variable.EXCEPTION_EXPIRES_AT);
        audit.record(caseId, null, AuditEventType.SLA_PAUSED, AuditLog.SYSTEM, "SLA clock paused until "
                + expiry.toInstant() + " while the exception runs; " + left(due.toInstant(), now)
                + "; reminders, breach notices and escalations wait", AuditLog.evidence("pausedAt", now,
                "until", expiry.toInstant(), "dueAt", due.toInstant()));
    }

    /** The step after an exception expired or was revoked: the clock runs again with the time that was left. */
    public void resume(DelegateExecution execution) {
        String caseId = execution.getProcessBusinessKey();
        Instant now = clock.instant();
        execution.setVariable(RemediationProcess.Variable.SLA_PAUSED, false);
        Optional<Duration> paused = cases.resume(caseId, now);
        if (paused.isEmpty()) {
            return; // resumed already: this step ran before
        }
        Duration by = paused.get();
        Instant dueBefore = ((Date) execution.getVariable(DUE_AT)).toInstant();
        DATED_TIMERS.values().forEach(variable -> {
            Date at = (Date) execution.getVariable(variable);
            if (at != null) {
                execution.setVariable(variable, Date.from(at.toInstant().plus(by)));
            }
        });
        String cycle = (String) execution.getVariable(BREACH_NOTICE_CYCLE);
        if (cycle != null) {
            execution.setVariable(BREACH_NOTICE_CYCLE, shiftedCycle(cycle, by));
        }
        Instant due = dueBefore.plus(by);
        CaseView c = cases.find(caseId, now).orElseThrow();
        cases.setSla(caseId, c.remindAt() == null ? null : c.remindAt().plus(by), due);
        // The timers that have not fired move by the pause, a repeating one with its cycle, and run again.
        for (TimerEntity timer : clockTimers(execution)) {
            timer.setDuedate(Date.from(timer.getDuedate().toInstant().plus(by)));
            if (timer.getRepeat() != null) {
                timer.setRepeat(shiftedCycle(timer.getRepeat(), by));
            }
            timer.setSuspensionState(SuspensionState.ACTIVE.getStateCode());
        }
        String end = String.valueOf(execution.getVariable(RemediationProcess.Variable.EXCEPTION_END));
        audit.record(caseId, null, AuditEventType.SLA_RESUMED, AuditLog.SYSTEM, "SLA clock runs again after "
                + readable(by) + " paused (" + end + "): due date moved from " + dueBefore + " to " + due + "; "
                + left(due, now), AuditLog.evidence("resumedAt", now, "pausedSeconds", by.toSeconds(),
                "previousDueAt", dueBefore, "dueAt", due));
    }

    /** The SLA's dates moved by the pauses a case had: a recomputed SLA keeps the time paused. */
    static SlaDates shifted(SlaDates dates, Duration by) {
        if (by.isZero()) {
            return dates;
        }
        return new SlaDates(dates.clockStart().plus(by), dates.remindAt() == null ? null : dates.remindAt().plus(by),
                dates.dueAt().plus(by), dates.days(), dates.basis(), dates.kev());
    }

    /** The pauses that ended: a running pause is added when it ends. */
    static Duration endedPauses(CaseView c, Instant now) {
        Duration all = c.pausedFor() == null ? Duration.ZERO : c.pausedFor();
        return c.pausedSince() == null || now.isBefore(c.pausedSince()) ? all
                : all.minus(Duration.between(c.pausedSince(), now).withNanos(0));
    }

    private static String shiftedCycle(String cycle, Duration by) {
        // "R/<start>/<period>", as CaseActivities writes it (and the engine keeps it on the timer)
        String[] parts = cycle.split("/");
        if (parts.length != 3) {
            return cycle;
        }
        return parts[0] + "/" + Instant.parse(parts[1]).plus(by) + "/" + parts[2];
    }

    /**
     * The clock's timers, as entities of this command: ManagementService's suspend and activate are bulk
     * updates that would collide with a change of the same job's due date in one transaction.
     */
    private static List<TimerEntity> clockTimers(DelegateExecution execution) {
        return Context.getCommandContext().getJobManager().findJobsByProcessInstanceId(execution.getProcessInstanceId())
                .stream().filter(job -> job instanceof TimerEntity && TIMERS.contains(job.getActivityId()))
                .map(TimerEntity.class::cast).toList();
    }

    private static String left(Instant due, Instant now) {
        return due.isAfter(now) ? readable(Duration.between(now, due)) + " left before the due date"
                : "the due date passed " + readable(Duration.between(due, now)) + " ago";
    }

    static String readable(Duration d) {
        long days = d.toDays();
        long hours = d.minusDays(days).toHours();
        return days > 0 ? days + " d " + hours + " h" : hours > 0 ? hours + " h " + d.toMinutesPart() + " min"
                : d.toMinutes() + " min";
    }
}
