package dev.fixline.ticketing;

/**
 * A ticket step came before the case's ticket was opened (its "Open ticket" step is still failing). Not an
 * outage of its own: the step goes on once the ticket is open.
 */
public class TicketNotOpenException extends TrackerUnavailableException {

    /** How every message of this exception starts, so a failed job's message tells what it waits for. */
    public static final String PREFIX = "Waiting for the ticket of case ";

    public TicketNotOpenException(String caseId, String why) {
        super(PREFIX + caseId + ": " + why, null, null);
    }

    /** Whether a failed job's message (as the engine keeps it) says it waits for its case's ticket. */
    public static boolean describes(String message) {
        return message != null && message.startsWith(PREFIX);
    }
}
