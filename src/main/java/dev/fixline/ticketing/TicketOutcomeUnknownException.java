package dev.fixline.ticketing;

/**
 * A create was sent and no answer came back (read timeout, connection reset, 5xx): the ticket may
 * exist. The caller checks by the fingerprint label after a delay instead of sending it again.
 */
public class TicketOutcomeUnknownException extends TrackerUnavailableException {

    public TicketOutcomeUnknownException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
