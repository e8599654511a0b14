package dev.fixline.remediation;

import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TimerEntity;
import org.springframework.stereotype.Component;

/**
 * A reminder is always before the due date. The SLA clock carries a reminder timer and a halfway timer,
 * and a timer needs a date, so a case whose window leaves no time for one of them (a KEV date already
 * past, a one-day policy where halfway is the later reminder) gets the due date in that variable; this
 * removes such timers as soon as they exist, so none is scheduled at or after the due date.
 */
@Component("reminderTimers")
public class ReminderTimers {

    /** The timers of {@code Task_SlaClock} that remind the owner. */
    static final List<String> REMINDERS = RemediationProcess.Activity.ids(RemediationProcess.Activity.REMINDERS);

    /** Whether a timer at {@code at} is a reminder that is not before the due date, and so is none. */
    static boolean late(String timer, Date at, Date due) {
        return REMINDERS.contains(timer) && !at.before(due);
    }

    /**
     * The {@code start} listener of {@code Task_SlaClock}. Its boundary timers were created with the
     * activity's scope a moment ago and are not in the database yet, so they are found on the execution,
     * not by a query.
     */
    public void dropLate(DelegateExecution execution) {
        Date due = (Date) execution.getVariable(RemediationProcess.Variable.DUE_AT);
        if (due == null) {
            return;
        }
        // Not ManagementService.deleteJob: it looks the job up in the database, where it is not yet.
        List<JobEntity> jobs = List.copyOf(((ExecutionEntity) execution).getJobs());
        for (JobEntity job : jobs) {
            if (job instanceof TimerEntity && late(job.getActivityId(), job.getDuedate(), due)) {
                job.delete();
            }
        }
    }

    /**
     * The {@code create} listener of the owner's task in process versions before the SLA clock (cases started
     * before it, which run on to their end on the version they started with): the timers were on the task.
     */
    public void dropLate(DelegateTask task) {
        dropLate(task.getExecution());
        clearLateFollowUp(task);
    }

    /** The {@code create} listener of the owner's task: no follow-up date at or after the due date. */
    public void clearLateFollowUp(DelegateTask task) {
        Date due = (Date) task.getVariable(RemediationProcess.Variable.DUE_AT);
        if (due != null && task.getFollowUpDate() != null && !task.getFollowUpDate().before(due)) {
            task.setFollowUpDate(null);
        }
    }
}
