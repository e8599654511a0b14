package dev.fixline.remediation;

import dev.fixline.ticketing.Tickets;
import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code ticketing} component of {@code /actuator/health}: which tracker, how many ticket steps are
 * incidents (retries used up, or refused by the tracker) and how many creates wait for their outcome.
 * Incidents make it {@code DEGRADED}, not {@code DOWN}: cases, deadlines and mails go on without Jira,
 * so Fixline should stay in its load balancer.
 */
@Component("ticketingHealthIndicator")
class TicketingHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "ticket steps have failed for good; see the incidents "
            + "in Cockpit, fix the cause and retry them");
    /** Every activity of remediation.bpmn that talks to the tracker. */
    static final List<String> TICKET_STEPS = List.of("Task_OpenTicket", "Task_TicketReminder", "Task_TicketHalfway",
            "Task_TicketBreach", "Task_TicketEscalation", "Task_TicketBreachRepeated", "Task_TicketVerificationFailed",
            "Task_TicketSlaChanged", "Task_TicketCloseFixed", "Task_TicketCloseGone", "Task_TicketExceptionDecision");

    private final Tickets tickets;
    private final RuntimeService runtime;

    TicketingHealthIndicator(Tickets tickets, RuntimeService runtime) {
        this.tickets = tickets;
        this.runtime = runtime;
    }

    @Override
    public Health health() {
        long incidents = TICKET_STEPS.stream()
                .mapToLong(step -> runtime.createIncidentQuery().activityId(step).count()).sum();
        Health.Builder health = incidents == 0 ? Health.up() : Health.status(DEGRADED);
        return health.withDetail("tracker", tickets.trackerName()).withDetail("incidents", incidents)
                .withDetail("createsAwaitingOutcome", tickets.uncertainCreates()).build();
    }
}
