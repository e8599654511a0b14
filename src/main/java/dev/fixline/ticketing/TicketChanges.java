package dev.fixline.ticketing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies what people did in a ticket, from a webhook or from reconciliation, exactly once per delivery.
 * The delivery is recorded in the same transaction as its effects: a delivery that fails leaves no
 * trace and is applied when Jira sends it again (or reconciliation finds it).
 */
@Service
public class TicketChanges {

    private static final Logger log = LoggerFactory.getLogger(TicketChanges.class);

    private final JdbcTemplate jdbc;
    private final TicketLinks links;
    private final TicketTracker tracker;
    private final TicketFeedback feedback;
    private final TicketingProperties properties;
    private final Clock clock;

    TicketChanges(JdbcTemplate jdbc, TicketLinks links, Tickets tickets, TicketFeedback feedback, TicketingProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.links = links;
        this.tracker = tickets.tracker();
        this.feedback = feedback;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    public WebhookReceipt apply(String deliveryId, TicketChange change) {
        Instant now = clock.instant();
        try {
            jdbc.update("INSERT INTO ticket_webhook_delivery (delivery_id, ticket_id, received_at, outcome) "
                    + "VALUES (?,?,?,'')", deliveryId, change.ticketId(), now.atOffset(ZoneOffset.UTC));
        } catch (DuplicateKeyException e) {
            return new WebhookReceipt("DUPLICATE", "Delivery " + deliveryId + " was handled before");
        }
        WebhookReceipt receipt = decide(change);
        jdbc.update("UPDATE ticket_webhook_delivery SET outcome = ? WHERE delivery_id = ?",
                truncate(receipt.outcome() + ": " + receipt.detail()), deliveryId);
        log.info("Ticket change {} of {} ({}): {} {}", deliveryId, change.ticketName(),
                Objects.requireNonNullElse(change.event(), "no event name"), receipt.outcome(), receipt.detail());
        return receipt;
    }

    /**
     * A delivery about no ticket (a project or version event, a body without an issue): answered so that the
     * tracker does not send it again, and otherwise only logged, since it changes nothing.
     */
    public WebhookReceipt ignore(String deliveryId, WebhookReport.NoTicket report) {
        log.info("Webhook delivery {} ({}): IGNORED {}", deliveryId, report.event(), report.reason());
        return new WebhookReceipt("IGNORED", report.reason());
    }

    /**
     * Asks the tracker nothing until the change is known to concern a case, and names people only when a
     * case records them: most deliveries (other tickets, Fixline's own changes, edits of no consequence)
     * are answered from Fixline's own tables.
     */
    private WebhookReceipt decide(TicketChange change) {
        List<TicketLink> linked = links.byTicketId(change.ticketId());
        if (linked.isEmpty()) {
            return new WebhookReceipt("UNKNOWN_TICKET",
                    "Ticket " + change.ticketName() + " belongs to no Fixline case");
        }
        // Compared with the payload's own account reference: at most one question per node ever (who Fixline is).
        if (change.actor() != null && Objects.equals(change.actor(), tracker.self())) {
            return new WebhookReceipt("OWN_CHANGE", "Made by Fixline's own account");
        }
        TicketLink link = linked.get(0); // a regression's case shares its predecessor's ticket; the newest acts
        if (link.lastEventAt() != null && change.at() != null && change.at().isBefore(link.lastEventAt())) {
            return new WebhookReceipt("STALE", "Older (" + change.at() + ") than the change already applied ("
                    + link.lastEventAt() + ")");
        }
        TicketActor actor = new NamedOnce(change);
        List<String> done = new ArrayList<>();
        boolean nowDone = "done".equals(change.statusCategory());
        if (change.statusChanged() && nowDone && !"done".equals(link.statusCategory())) {
            done.add(isException(change.resolution())
                    ? feedback.exceptionRequested(link.caseId(), actor, change.resolution())
                    : feedback.ownerResolved(link.caseId(), actor, change.resolution()));
        }
        if (change.assigneeChanged() && !Objects.equals(change.assignee(), link.assignee())) {
            done.add(reassigned(link, change, actor));
            updateLink(link.caseId(), "assignee = ?", change.assignee());
        }
        if (change.statusCategory() != null) {
            updateLink(link.caseId(), "status_name = ?, status_category = ?, resolution = ?", change.statusName(),
                    change.statusCategory(), change.resolution());
        }
        if (change.at() != null) {
            updateLink(link.caseId(), "last_event_at = ?", change.at().atOffset(ZoneOffset.UTC));
        }
        return new WebhookReceipt("APPLIED", done.isEmpty() ? "Nothing for the case to do" : String.join("; ", done));
    }

    /** The new assignee becomes the owner when the tracker shows who they are; otherwise the owner stays. */
    private String reassigned(TicketLink link, TicketChange change, TicketActor actor) {
        if (change.assignee() == null) {
            return "The ticket was unassigned; the owner stays";
        }
        Optional<String> email;
        try {
            email = Optional.ofNullable(change.assigneeEmail()).or(() -> tracker.emailOf(change.assignee()));
        } catch (TrackerRejectedException e) {
            log.warn("{} would not name the new assignee {} of {}; the owner of case {} stays: {}", tracker.name(),
                    change.assignee(), change.ticketName(), link.caseId(), e.getMessage());
            return "Jira refused to look up assignee " + change.assignee() + " (HTTP " + e.status()
                    + "); the owner stays";
        }
        return email.map(e -> feedback.ownerChanged(link.caseId(), e, actor))
                .orElse("Jira shows no mail address for assignee " + change.assignee() + "; the owner stays");
    }

    /**
     * The actor's mail address from the payload, else from the tracker, asked at most once per delivery. A
     * person the tracker will not name (not found, hidden, refused) is recorded by their account reference:
     * a refusal is permanent, and failing the delivery would only make the tracker send it again and again.
     * A tracker that cannot be reached fails the delivery, to be retried.
     */
    private final class NamedOnce implements TicketActor {

        private final TicketChange change;
        private String name;

        NamedOnce(TicketChange change) {
            this.change = change;
        }

        @Override
        public String name() {
            if (name == null) {
                name = lookUp();
            }
            return name;
        }

        private String lookUp() {
            if (change.actorEmail() != null) {
                return change.actorEmail();
            }
            if (change.actor() == null) {
                return "jira"; // reconciliation: a search does not say who made the change
            }
            try {
                return tracker.emailOf(change.actor()).orElse(change.actor());
            } catch (TrackerRejectedException e) {
                log.warn("{} would not name user {}, who changed {}; recorded as {}: {}", tracker.name(),
                        change.actor(), change.ticketName(), change.actor(), e.getMessage());
                return change.actor();
            }
        }
    }

    private boolean isException(String resolution) {
        return resolution != null && properties.exceptionResolutions().stream()
                .anyMatch(r -> r.toLowerCase(Locale.ROOT).equals(resolution.toLowerCase(Locale.ROOT)));
    }

    /** In the delivery's transaction, so that a failed delivery changes nothing. */
    private void updateLink(String caseId, String set, Object... values) {
        Object[] args = new Object[values.length + 1];
        System.arraycopy(values, 0, args, 0, values.length);
        args[values.length] = caseId;
        jdbc.update("UPDATE ticket_link SET " + set + " WHERE case_id = ?", args);
    }

    private static String truncate(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 999) + "…";
    }
}
