package dev.fixline.remediation;

import dev.fixline.ticketing.TicketLink;
import dev.fixline.ticketing.TicketNotOpenException;
import dev.fixline.ticketing.Tickets;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.stereotype.Component;

/**
 * Ticket steps of a case (a reminder, the breach, an escalation…) that came before its ticket was open:
 * with past-due findings their timers fire at once, often before the opening has run. They wait, and go on
 * the moment the ticket opens, not after their retry wait.
 * <p>
 * The opening and a failing step take turns on the case's row: either the step's failure commits first and
 * the opening finds it, or the opening commits first and the failing step sees the ticket and runs again at
 * once. Without the turns, a step failing on one node while the ticket opens on another could miss both.
 */
@Component
class TicketWaiters {

    private final CaseRepository cases;
    private final Tickets tickets;
    private final Clock clock;

    TicketWaiters(CaseRepository cases, Tickets tickets, Clock clock) {
        this.cases = cases;
        this.tickets = tickets;
        this.clock = clock;
    }

    /** The case's ticket is open now: its steps that wait for it go on at once. Called last in the opening. */
    int release(DelegateExecution execution) {
        cases.lockForTicketSteps(execution.getProcessBusinessKey());
        var services = execution.getProcessEngineServices();
        var management = services.getManagementService();
        List<String> exhausted = services.getRuntimeService().createIncidentQuery()
                .processInstanceId(execution.getProcessInstanceId()).incidentType(Incident.FAILED_JOB_HANDLER_TYPE)
                .list().stream().filter(i -> OutageKind.WAITING_FOR_TICKET.equals(i.getAnnotation()))
                .map(Incident::getConfiguration).toList();
        if (!exhausted.isEmpty()) {
            management.setJobRetries(exhausted, OutageRecovery.RETRIES_AFTER_RECOVERY);
        }
        List<Job> waiting = management.createJobQuery().processInstanceId(execution.getProcessInstanceId())
                .withException().list().stream()
                .filter(j -> j.getRetries() > 0 && TicketNotOpenException.describes(j.getExceptionMessage())).toList();
        waiting.forEach(j -> management.setJobDuedate(j.getId(), Date.from(clock.instant())));
        return exhausted.size() + waiting.size();
    }

    /**
     * Asked as a step fails for want of its case's ticket, in the failure's own transaction: whether the
     * ticket opened meanwhile, so that the step runs again at once.
     */
    boolean openedMeanwhile(String caseId) {
        cases.lockForTicketSteps(caseId);
        return tickets.linkOf(caseId).filter(TicketLink::linked).isPresent();
    }
}
