package dev.fixline.ticketing;

import java.time.Instant;
import java.util.List;

/**
 * A ticket as the tracker reports it.
 *
 * @param id             the tracker's stable id (Jira's issue id; keys change when an issue moves)
 * @param key            the human key, e.g. {@code SEC-24}
 * @param url            where a person opens it
 * @param statusCategory {@code new}, {@code indeterminate} or {@code done} (Jira's statusCategory key)
 * @param resolution     the resolution name, null while unresolved
 * @param assignee       the assignee's user reference (Cloud account id, Data Center user name), or null
 * @param assigneeEmail  the assignee's mail address when the tracker shows it, else null
 */
public record RemoteTicket(String id, String key, String url, String statusName, String statusCategory,
                           String resolution, String assignee, String assigneeEmail, Instant updatedAt,
                           List<String> labels) {

    public RemoteTicket {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    public boolean done() {
        return "done".equals(statusCategory);
    }
}
