package dev.fixline.ticketing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Catches what webhooks missed (Data Center does not retry them; a node may have been down): every
 * interval, the tickets labelled for Fixline that changed since the last search are compared with what
 * Fixline last saw, and each difference is applied as if a webhook had reported it. One node at a time
 * (a lease on the {@code ticket-reconcile} row). Where the last search started is kept in the database
 * ({@code fixline_setting}), so that the node that searches next, or a node that restarts, reaches back
 * to it, however long every node was down.
 */
@Component
public class TicketReconciler {

    private static final Logger log = LoggerFactory.getLogger(TicketReconciler.class);
    private static final String LOCK = "ticket-reconcile";
    static final String LAST_SEARCH = "ticket-reconcile.last-search";

    private final Tickets tickets;
    private final TicketLinks links;
    private final TicketChanges changes;
    private final TicketingProperties properties;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate own;
    private final Clock clock;
    private final String node = "reconciler-" + UUID.randomUUID();

    TicketReconciler(Tickets tickets, TicketLinks links, TicketChanges changes, TicketingProperties properties,
                     JdbcTemplate jdbc, PlatformTransactionManager transactions, Optional<Clock> clock) {
        this.tickets = tickets;
        this.links = links;
        this.changes = changes;
        this.properties = properties;
        this.jdbc = jdbc;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Scheduled(initialDelayString = "${fixline.ticketing.reconcile.interval:PT15M}",
            fixedDelayString = "${fixline.ticketing.reconcile.interval:PT15M}")
    void scheduled() {
        if (!properties.reconcile().enabled() || tickets.builtIn()) {
            return;
        }
        try {
            reconcile();
        } catch (RuntimeException e) {
            log.warn("Ticket reconciliation failed; it runs again in {}: {}", properties.reconcile().interval(),
                    e.toString());
        }
    }

    /**
     * Searches once (if no other node holds the lease) and applies each difference.
     *
     * @return how many tickets had changed in a way Fixline had not seen
     */
    public int reconcile() {
        Instant now = clock.instant();
        if (!lease(now)) {
            log.debug("Another node is reconciling tickets");
            return 0;
        }
        Instant since = lastSearch().orElse(now.minus(properties.reconcile().interval()))
                .minus(properties.reconcile().overlap());
        TicketTracker tracker = tickets.tracker();
        List<RemoteTicket> updated = tracker.updatedSince(properties.label(), since);
        int applied = 0;
        boolean failed = false;
        for (RemoteTicket remote : updated) {
            List<TicketLink> linked = links.byTicketId(remote.id());
            if (linked.isEmpty()) {
                continue;
            }
            TicketLink link = linked.get(0);
            boolean statusChanged = !Objects.equals(remote.statusCategory(), link.statusCategory());
            boolean assigneeChanged = !Objects.equals(remote.assignee(), link.assignee());
            if (!statusChanged && !assigneeChanged) {
                continue;
            }
            TicketChange change = new TicketChange("reconciliation", remote.id(), remote.key(), null, null,
                    remote.updatedAt(), remote.statusName(), remote.statusCategory(), remote.resolution(),
                    statusChanged, assigneeChanged, remote.assignee(), remote.assigneeEmail());
            String delivery = "reconcile:" + remote.id() + ":" + (remote.updatedAt() == null ? now.toEpochMilli()
                    : remote.updatedAt().toEpochMilli());
            try {
                WebhookReceipt receipt = changes.apply(delivery, change);
                if ("APPLIED".equals(receipt.outcome())) {
                    applied++;
                }
            } catch (RuntimeException e) {
                failed = true;
                log.warn("Reconciling ticket {} failed; the next run tries again: {}", remote.key(), e.toString());
            }
        }
        if (!failed) {
            remember(now); // after a failure the next run reaches back as far again
        }
        log.info("Reconciled {} Fixline tickets changed since {}: {} differences applied", updated.size(), since,
                applied);
        return applied;
    }

    private Optional<Instant> lastSearch() {
        return own.execute(s -> jdbc.queryForList("SELECT setting_value FROM fixline_setting WHERE setting_name = ?",
                String.class, LAST_SEARCH)).stream().findFirst().map(Instant::parse);
    }

    /** Moves the cluster's starting point on, never back (a node whose lease ran out may finish late). */
    private void remember(Instant searchedAt) {
        own.executeWithoutResult(s -> {
            List<String> stored = jdbc.queryForList(
                    "SELECT setting_value FROM fixline_setting WHERE setting_name = ? FOR UPDATE", String.class, LAST_SEARCH);
            if (stored.isEmpty()) {
                jdbc.update("INSERT INTO fixline_setting (setting_name, setting_value, updated_at) VALUES (?,?,?)",
                        LAST_SEARCH, searchedAt.toString(), clock.instant().atOffset(ZoneOffset.UTC));
            } else if (Instant.parse(stored.get(0)).isBefore(searchedAt)) {
                jdbc.update("UPDATE fixline_setting SET setting_value = ?, updated_at = ? WHERE setting_name = ?",
                        searchedAt.toString(), clock.instant().atOffset(ZoneOffset.UTC), LAST_SEARCH);
            }
        });
    }

    /** Held for half an interval: a node that died releases it by time. */
    private boolean lease(Instant now) {
        Instant staleBefore = now.minus(properties.reconcile().interval().dividedBy(2));
        Integer n = own.execute(s -> jdbc.update("""
                UPDATE sweep_lock SET holder = ?, acquired_at = ? WHERE scope = ?
                  AND (holder IS NULL OR holder = ? OR acquired_at < ?)""", node, now.atOffset(ZoneOffset.UTC), LOCK,
                node, staleBefore.atOffset(ZoneOffset.UTC)));
        return n != null && n == 1;
    }
}
