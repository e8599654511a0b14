package dev.fixline.ticketing;

/**
 * Who made a change in a ticket, named only when a case records it: when the payload does not carry the
 * person's mail address, naming them asks the tracker, and most changes never need that.
 */
@FunctionalInterface
public interface TicketActor {

    /**
     * The person's mail address; else the tracker's reference for them (an account id, a user name) when the
     * tracker does not show or know the address; {@code jira} when the change does not say who made it.
     *
     * @throws TrackerUnavailableException when the tracker could not be asked (worth a retry)
     */
    String name();
}
