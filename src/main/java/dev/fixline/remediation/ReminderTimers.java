package dev.fixline.remediation;

import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TimerEntity;
import org.springframework.stereotype.Component;

/**
 * A reminder is always before the due date. The owner's task carries a reminder timer and a halfway timer,
 * and a timer needs a date, so a case whose window leaves no time for one of them (a KEV date already
 * past, a one-day policy where halfway is the later reminder) gets the due date in that variable; this
 * removes such timers as soon as they exist, so none is scheduled at or after the due date.
 */
@Component("reminderTimers")
public class ReminderTimers {

    /** The boundary timers of {@code Task_Remediate} that remind the owner. */
    static final List<String> REMINDERS = RemediationProcess.Activity.ids(RemediationProcess.Activity.REMINDERS);

    /** Whether a timer at {@code at} is a reminder that is not before the due date, and so is none. */
    static boolean late(String timer, Date at, Date due) {
        return REMINDERS.contains(timer) && !at.before(due);
    }

    /**
     * The {@code create} listener of {@code Task_Remediate}. Its boundary timers were created with the task's
     * scope a moment ago and are not in the database yet, so they are found on the execution, not by a query.
     */
    public void dropLate(DelegateTask task) {
        Date due = (Date) task.getVariable(RemediationProcess.Variable.DUE_AT);
        if (due == null) {
            return;
        }
        // Not ManagementService.deleteJob: it looks the job up in the database, where it is not yet.
        List<JobEntity> jobs = List.copyOf(((ExecutionEntity) task.getExecution()).getJobs());
        for (JobEntity job : jobs) {
            if (job instanceof TimerEntity && late(job.getActivityId(), job.getDuedate(), due)) {
                job.delete();
            }
        }
        if (task.getFollowUpDate() != null && !task.getFollowUpDate().before(due)) {
            task.setFollowUpDate(null);
        }
    }
}
