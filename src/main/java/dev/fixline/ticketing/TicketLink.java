package dev.fixline.ticketing;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The ticket of a case, as Fixline last saw it.
 *
 * @param state       {@code PENDING} (nothing sent yet), {@code CREATING}, {@code UNKNOWN} (a create got no
 *                    answer; Fixline looks for it by its fingerprint before sending another) or {@code LINKED}
 * @param fingerprint the label that identifies the case's ticket in the tracker
 * @param lastError   the last failure talking to the tracker about this ticket, if any
 */
public record TicketLink(String caseId, String fingerprint, String tracker, String project, String state,
                         String ticketId, String key, String url, String statusName, String statusCategory,
                         String resolution, String assignee, String priority, LocalDate dueDate,
                         Instant attemptStartedAt, int unknownChecks, String lastError, Instant lastEventAt) {

    public boolean linked() {
        return "LINKED".equals(state);
    }
}
