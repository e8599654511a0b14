package dev.fixline.ticketing;

import java.time.Instant;

/**
 * What a person did to a ticket, as a tracker's webhook reports it.
 *
 * @param event          the tracker's event name, e.g. {@code jira:issue_updated}
 * @param ticketId       the tracker's stable id of the ticket
 * @param actor          who made the change (Cloud account id, Data Center user name), null when unknown
 * @param actorEmail     the actor's mail address when the payload carries it (Data Center does), so that
 *                       naming them needs no question to the tracker
 * @param at             when the ticket was updated (the payload's {@code issue.fields.updated}, else its timestamp)
 * @param statusCategory the ticket's status category after the change ({@code new}, {@code indeterminate}, {@code done})
 * @param resolution     its resolution after the change, null when unresolved
 * @param statusChanged  the changelog moved the status
 * @param assigneeChanged the changelog changed the assignee
 * @param assignee       the assignee after the change (user reference), null when unassigned
 * @param assigneeEmail  the assignee's mail address when the payload carries it
 */
public record TicketChange(String event, String ticketId, String key, String actor, String actorEmail, Instant at,
                           String statusName, String statusCategory, String resolution, boolean statusChanged,
                           boolean assigneeChanged, String assignee, String assigneeEmail) implements WebhookReport {

    /** The key when the payload has one, else the id: how logs and receipts name the ticket. */
    public String ticketName() {
        return key != null ? key : ticketId;
    }
}
