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

    TicketChanges(JdbcTemplate jdbc, TicketLinks links, Tickets tickets, TicketFeedback feedback, TicketingProperties properties, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.links = links;
        this.tracker = tickets.tracker();
        this.feedback = feedback;
        this.properties = properties;
        this.clock = clock.orElse(Clock.systemUTC());
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
        log.info("Ticket change {} of {} ({}): {} {}", deliveryId, change.key(), change.event(), receipt.outcome(),
                receipt.detail());
        return receipt;
    }

    private WebhookReceipt decide(TicketChange change) {
        if (change.actor() != null && Objects.equals(change.actor(), tracker.self())) {
            return new WebhookReceipt("OWN_CHANGE", "Made by Fixline's own account");
        }
        List<TicketLink> linked = links.byTicketId(change.ticketId());
        if (linked.isEmpty()) {
            return new WebhookReceipt("UNKNOWN_TICKET", "Ticket " + change.key() + " belongs to no Fixline case");
        }
        TicketLink link = linked.get(0); // a regression's case shares its predecessor's ticket; the newest acts
        if (link.lastEventAt() != null && change.at() != null && change.at().isBefore(link.lastEventAt())) {
            return new WebhookReceipt("STALE", "Older (" + change.at() + ") than the change already applied ("
                    + link.lastEventAt() + ")");
        }
        String person = change.actor() == null ? "jira" : tracker.emailOf(change.actor()).orElse(change.actor());
        List<String> done = new ArrayList<>();
        boolean nowDone = "done".equals(change.statusCategory());
        if (change.statusChanged() && nowDone && !"done".equals(link.statusCategory())) {
            done.add(isException(change.resolution())
                    ? feedback.exceptionRequested(link.caseId(), person, change.resolution())
                    : feedback.ownerResolved(link.caseId(), person, change.resolution()));
        }
        if (change.assigneeChanged() && !Objects.equals(change.assignee(), link.assignee())) {
            Optional<String> email = Optional.ofNullable(change.assigneeEmail())
                    .or(() -> change.assignee() == null ? Optional.empty() : tracker.emailOf(change.assignee()));
            done.add(email.map(e -> feedback.ownerChanged(link.caseId(), e, person))
                    .orElse("Assignee " + change.assignee() + " has no visible mail address; the owner stays"));
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
