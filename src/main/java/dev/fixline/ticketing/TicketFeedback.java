package dev.fixline.ticketing;

/**
 * What people do in a ticket, handed to the remediation process. Each method returns what became of it,
 * in words, for the delivery log; none closes a case: only a rescan does. The actor is named only when
 * the case records something (see {@link TicketActor}).
 */
public interface TicketFeedback {

    /** The ticket was moved to done: the owner says it is fixed, and the case waits for the rescan. */
    String ownerResolved(String caseId, TicketActor actor, String resolution);

    /** The ticket was resolved as won't-do: a request for an exception, for the manager to decide. */
    String exceptionRequested(String caseId, TicketActor actor, String resolution);

    /** The ticket was assigned to someone else: the case's new owner. */
    String ownerChanged(String caseId, String newOwnerEmail, TicketActor actor);
}
