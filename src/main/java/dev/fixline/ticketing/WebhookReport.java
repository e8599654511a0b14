package dev.fixline.ticketing;

/**
 * What a tracker's webhook body reports: a change to a ticket, or nothing Fixline acts on.
 */
public sealed interface WebhookReport permits TicketChange, WebhookReport.NoTicket {

    /**
     * A delivery about no ticket: an event about a project or a version, or a body without an issue.
     * Answered, never retried, and applied to nothing.
     *
     * @param event  the tracker's event name, or a stand-in when the body names none
     * @param reason why no ticket is concerned, in words
     */
    record NoTicket(String event, String reason) implements WebhookReport {
    }
}
