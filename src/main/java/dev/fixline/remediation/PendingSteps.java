package dev.fixline.remediation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Gateway conditions of {@code processes/remediation.bpmn} ({@code ${pendingSteps.waiting(execution, 'Task_…')}}):
 * a repeated event (the weekly overdue notice, an SLA change) whose earlier occurrence still waits at the
 * same step, because Jira or the SMTP server is down, joins it rather than adding a job of its own. So a
 * case has a bounded number of jobs however long an outage lasts, and the manager gets one overdue notice
 * when the server is back, not one per week it was down.
 */
@Component("pendingSteps")
public class PendingSteps {

    /** Whether an earlier token of this case still waits at the step (its job exists, failing or not yet run). */
    public boolean waiting(DelegateExecution execution, String activityId) {
        return execution.getProcessEngineServices().getManagementService().createJobQuery()
                .processInstanceId(execution.getProcessInstanceId()).activityId(activityId).count() > 0;
    }
}
