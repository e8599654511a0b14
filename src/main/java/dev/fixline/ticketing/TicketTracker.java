package dev.fixline.ticketing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The operations Fixline needs from an issue tracker. Implemented by Jira (Cloud or Data Center,
 * {@code ticketing.jira}) and by the built-in ticket log. Idempotency, deduplication and the link
 * between case and ticket are the caller's ({@link Tickets}); an implementation makes each call once.
 *
 * <p>Failures: {@link TrackerUnavailableException} for what may succeed later (timeouts, 5xx, 429 with
 * its {@code Retry-After}); {@link TrackerRejectedException} for what will not (4xx, with the tracker's
 * messages); {@link TicketOutcomeUnknownException} when a create was sent and no answer came back.
 */
public interface TicketTracker {

    /** {@code jira-cloud}, {@code jira-data-center} or {@code built-in}. */
    String name();

    /** Every ticket of the project carrying the label, resolved ones included, lowest id first. */
    List<RemoteTicket> findByLabel(String project, String label);

    /** Creates one ticket; never retried inside. */
    RemoteTicket create(TicketDraft draft);

    /** The ticket by key or id. */
    RemoteTicket get(String keyOrId);

    /** The assignable user with this mail address: Cloud account id or Data Center user name. */
    Optional<String> findUser(String email);

    /** The mail address of a user reference; empty when the tracker hides it or knows no such user. */
    Optional<String> emailOf(String userRef);

    void comment(String key, TicketText text);

    /** The text of the newest comments (at most 100), as stored; used to find a marker after an unknown outcome. */
    List<String> recentComments(String key);

    void setPriority(String key, String priority);

    void addLabel(String key, String label);

    void setDueDate(String key, java.time.LocalDate dueDate);

    /** Assigns the ticket to a user reference (from {@link #findUser}); null leaves it unassigned. */
    void assign(String key, String userRef);

    /**
     * Moves the ticket to the configured done (or reopen) transition, found by name, else to the first
     * transition into the {@code done} (or {@code new}) status category, with the comment.
     *
     * @return false when the ticket already was in that category (nothing was changed)
     */
    boolean transition(String key, TicketTarget target, TicketText comment);

    /** Tickets carrying the label updated since the instant, for reconciliation; all pages. */
    List<RemoteTicket> updatedSince(String label, Instant since);

    /** The account Fixline acts as (account id or user name), to recognise its own changes in webhooks. */
    String self();

    /**
     * Asks the tracker something cheap that needs it to answer, to learn whether an outage is over.
     *
     * @throws TrackerUnavailableException while it cannot be reached
     */
    default void probe() {
    }
}
