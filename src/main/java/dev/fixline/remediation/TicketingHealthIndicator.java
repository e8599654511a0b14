package dev.fixline.remediation;

import dev.fixline.ticketing.Tickets;
import dev.fixline.ticketing.TrackerStatus;
import java.util.List;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code ticketing} component of {@code /actuator/health}: which tracker, whether it answered this node's
 * last call (and if not, why and since when), how many ticket steps are incidents (and how many of those an
 * outage caused, which are retried by themselves once the tracker answers) and how many creates wait for
 * their outcome. An outage or incidents make it {@code DEGRADED}, not {@code DOWN}: cases, deadlines and mails
 * go on without Jira, so Fixline should stay in its load balancer.
 */
@Component("ticketingHealthIndicator")
class TicketingHealthIndicator implements HealthIndicator {

    static final Status UNREACHABLE = new Status("DEGRADED", "the ticket tracker does not answer (see reason): "
            + "ticket steps wait and are retried, and go on by themselves once it answers");
    static final Status RECOVERING = new Status("DEGRADED", "the ticket tracker answers again; the steps that failed "
            + "during its outage are retried at the next check (fixline.remediation.outage.recovery-check)");
    static final Status DEGRADED = new Status("DEGRADED", "ticket steps have failed for good; see the incidents "
            + "in Cockpit, fix the cause and retry them");
    /** Every activity of remediation.bpmn that talks to the tracker. */
    static final List<String> TICKET_STEPS = RemediationProcess.Activity.ids(RemediationProcess.Activity.TICKET_STEPS);

    private final Tickets tickets;
    private final IncidentCounts incidents;

    TicketingHealthIndicator(Tickets tickets, IncidentCounts incidents) {
        this.tickets = tickets;
        this.incidents = incidents;
    }

    @Override
    public Health health() {
        TrackerStatus tracker = tickets.status();
        long failed = incidents.of(TICKET_STEPS);
        long outage = incidents.causedBy(OutageKind.TRACKER);
        // Steps that wait out an outage are retried by themselves; the others need someone.
        Health.Builder health = tracker.failing() ? Health.status(UNREACHABLE)
                : failed > outage ? Health.status(DEGRADED)
                : outage > 0 ? Health.status(RECOVERING) : Health.up();
        health.withDetail("tracker", tickets.trackerName()).withDetail("incidents", failed)
                .withDetail("incidentsFromOutage", outage)
                .withDetail("createsAwaitingOutcome", tickets.uncertainCreates());
        if (tracker.failing()) {
            health.withDetail("reason", tracker.lastFailure()).withDetail("failingSince", tracker.failingSince())
                    .withDetail("failedCalls", tracker.failedCalls());
        }
        if (tracker.lastAnswerAt() != null) {
            health.withDetail("lastAnswerAt", tracker.lastAnswerAt());
        }
        return health.build();
    }
}
