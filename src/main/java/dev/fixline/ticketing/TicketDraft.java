package dev.fixline.ticketing;

import java.time.LocalDate;
import java.util.List;

/**
 * A ticket Fixline is about to open.
 *
 * @param project    the tracker's project key (from the ownership rule, else the configured default)
 * @param labels     every label of the ticket, the fingerprint label among them
 * @param priority   the tracker's priority name, mapped from the severity
 * @param assignee   the tracker's user reference (Cloud account id, Data Center user name); null leaves it
 *                   unassigned
 */
public record TicketDraft(String project, String summary, TicketText description, List<String> labels,
                          String priority, LocalDate dueDate, String assignee) {

    public TicketDraft {
        labels = List.copyOf(labels);
    }
}
