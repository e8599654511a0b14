package dev.fixline.remediation;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.runtime.Incident;

/** Ticket steps of a case whose retries ran out while its ticket was not open yet. */
final class TicketWaiters {

    private TicketWaiters() {
    }

    /** The case's ticket is open now: its steps that waited for it go on at once. */
    static int release(DelegateExecution execution) {
        var services = execution.getProcessEngineServices();
        List<String> jobs = services.getRuntimeService().createIncidentQuery()
                .processInstanceId(execution.getProcessInstanceId()).incidentType(Incident.FAILED_JOB_HANDLER_TYPE)
                .list().stream().filter(i -> OutageKind.WAITING_FOR_TICKET.equals(i.getAnnotation()))
                .map(Incident::getConfiguration).toList();
        if (!jobs.isEmpty()) {
            services.getManagementService().setJobRetries(jobs, OutageRecovery.RETRIES_AFTER_RECOVERY);
        }
        return jobs.size();
    }
}
