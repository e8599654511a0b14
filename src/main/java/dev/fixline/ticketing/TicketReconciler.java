package dev.fixline.ticketing;

import dev.fixline.cluster.ClusterLocks;
import dev.fixline.cluster.ClusterSettings;
import dev.fixline.cluster.LockScope;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    static final String LAST_SEARCH = "ticket-reconcile.last-search";

    private final Tickets tickets;
    private final TicketLinks links;
    private final TicketChanges changes;
    private final TicketingProperties properties;
    private final ClusterLocks locks;
    private final ClusterSettings settings;
    private final TransactionTemplate own;
    private final Clock clock;
    private final String node = "reconciler-" + UUID.randomUUID();

    TicketReconciler(Tickets tickets, TicketLinks links, TicketChanges changes, TicketingProperties properties,
                     ClusterLocks locks, ClusterSettings settings, PlatformTransactionManager transactions,
                     Clock clock) {
        this.tickets = tickets;
        this.links = links;
        this.changes = changes;
        this.properties = properties;
        this.locks = locks;
        this.settings = settings;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
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
        return own.execute(s -> settings.get(LAST_SEARCH)).map(Instant::parse);
    }

    /** Moves the cluster's starting point on, never back (a node whose lease ran out may finish late). */
    private void remember(Instant searchedAt) {
        own.executeWithoutResult(s -> settings.update(LAST_SEARCH, stored -> stored.map(Instant::parse)
                .filter(before -> !before.isBefore(searchedAt)).isPresent() ? Optional.empty()
                : Optional.of(searchedAt.toString())));
    }

    /** Held for half an interval: a node that died releases it by time. */
    private boolean lease(Instant now) {
        return locks.tryLease(LockScope.TICKET_RECONCILE, node, properties.reconcile().interval().dividedBy(2));
    }
}
