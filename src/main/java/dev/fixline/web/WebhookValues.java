package dev.fixline.web;

import dev.fixline.limits.ControlCharacters;
import dev.fixline.ticketing.TicketChange;
import java.util.List;

/**
 * The values of a webhook delivery that Fixline keeps (on the ticket link, in the audit log, in mails): one-line
 * names and ids that fit their columns. Jira never sends anything else; a delivery that does is refused by the
 * name of the value, before anything is kept.
 */
final class WebhookValues {

    private record Kept(String name, String value, int max) {
    }

    private WebhookValues() {
    }

    /** Why a value of the change cannot be kept, or null when all can. */
    static String fault(TicketChange change) {
        for (Kept kept : List.of(new Kept("webhookEvent", change.event(), 200),
                new Kept("issue.id", change.ticketId(), 64),
                new Kept("issue.key", change.key(), 64),
                new Kept("user (the actor)", change.actor(), 256),
                new Kept("user.emailAddress", change.actorEmail(), 256),
                new Kept("issue.fields.status.name", change.statusName(), 128),
                new Kept("issue.fields.status.statusCategory.key", change.statusCategory(), 32),
                new Kept("issue.fields.resolution.name", change.resolution(), 128),
                new Kept("issue.fields.assignee", change.assignee(), 256),
                new Kept("issue.fields.assignee.emailAddress", change.assigneeEmail(), 256))) {
            if (kept.value() == null) {
                continue;
            }
            int control = ControlCharacters.inLine(kept.value());
            if (control >= 0) {
                return kept.name() + " " + ControlCharacters.describe(kept.value(), control);
            }
            if (kept.value().length() > kept.max()) {
                return kept.name() + " is longer than " + kept.max() + " characters (" + kept.value().length() + ")";
            }
        }
        return null;
    }
}
