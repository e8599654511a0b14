package dev.fixline.ticketing;

/**
 * A ticket step came before the case's ticket was opened (its "Open ticket" step is still failing). Not an
 * outage of its own: the step goes on once the ticket is open.
 */
public class TicketNotOpenException extends TrackerUnavailableException {

    public TicketNotOpenException(String message) {
        super(message, null, null);
    }
}
