package dev.fixline.ticketing;

import dev.fixline.finding.Severity;
import java.time.LocalDate;

/**
 * What a case asks of its ticket when it opens.
 *
 * @param project        the ownership rule's ticket project, or null for the default
 * @param ownerEmail     the owner's mail address, looked up in the tracker to assign the ticket
 * @param previousCaseId the case this one is a regression of: its ticket is reopened instead of a new one
 */
public record TicketRequest(String project, String summary, TicketText description, Severity severity,
                            LocalDate dueDate, String ownerEmail, String previousCaseId) {
}
