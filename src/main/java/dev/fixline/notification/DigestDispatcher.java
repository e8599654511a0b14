package dev.fixline.notification;

import dev.fixline.cluster.ClusterLocks;
import dev.fixline.cluster.LockScope;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends the digests that are due: for each reader with news waiting, once their digest time has come in their
 * time zone (daily for owners' new and due cases, weekly for managers' breaches and the decisions waiting for
 * them). A digest lists what was there at its time; what comes later waits for the next. Each digest has a dedup
 * key per reader and time and marks what it carried in the transaction that records it; the node sending them
 * holds a lease it renews with every digest: a reader gets one digest per day or week, however many nodes run or
 * restart. Decisions still waiting (the weekly digests' standing entries) are read at most every 15 minutes.
 */
@Component
public class DigestDispatcher {

    private static final Logger log = LoggerFactory.getLogger(DigestDispatcher.class);
    private static final java.time.Duration STANDING_FOR = java.time.Duration.ofMinutes(15);

    private final NotificationTable table;
    private final NotificationOutbox outbox;
    private final ClusterLocks locks;
    private final ObjectProvider<StandingDigestEntries> standing;
    private final ObjectProvider<TicketUrls> ticketUrls;
    private final NotificationProperties.Digest digest;
    private final DigestMails mails;
    private final Clock clock;
    private final String node = "digests-" + UUID.randomUUID();

    DigestDispatcher(JdbcTemplate jdbc, NotificationOutbox outbox, ClusterLocks locks,
                     ObjectProvider<StandingDigestEntries> standing, ObjectProvider<TicketUrls> ticketUrls,
                     NotificationProperties properties, Clock clock) {
        this.ticketUrls = ticketUrls;
        this.table = new NotificationTable(jdbc);
        this.outbox = outbox;
        this.locks = locks;
        this.standing = standing;
        this.digest = properties.digest();
        this.mails = new DigestMails(digest.maxItems());
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${fixline.notification.digest.check:PT1M}",
            fixedDelayString = "${fixline.notification.digest.check:PT1M}")
    void run() {
        if (!locks.tryLease(LockScope.DIGESTS, node, digest.check().multipliedBy(10))) {
            return;
        }
        try {
            sendDue();
        } catch (RuntimeException e) {
            log.warn("Digests could not be sent now ({}); they are tried again in {}", e.getMessage(), digest.check());
        } finally {
            locks.release(LockScope.DIGESTS, node);
        }
    }

    /** @return how many digests went out (or were kept in the outbox) */
    public int sendDue() {
        Instant now = clock.instant();
        Map<String, List<DigestEntry>> standingByReader = standing(now);
        Set<NotificationTable.Reader> readers = new LinkedHashSet<>(table.readersAwaitingDigest());
        standingByReader.values().forEach(entries -> readers.add(new NotificationTable.Reader(entries.get(0).person(),
                entries.get(0).recipient(), Delivery.WEEKLY_DIGEST)));
        int sent = 0;
        for (NotificationTable.Reader reader : readers) {
            ZonedDateTime slot = lastSlot(now, digest.zoneOf(reader.person(), reader.recipient()), reader.delivery());
            String key = "digest:" + (reader.delivery() == Delivery.WEEKLY_DIGEST ? "weekly" : "daily") + ":"
                    + reader.recipient().toLowerCase(Locale.ROOT) + ":" + slot.toLocalDate();
            if (table.find(key).filter(r -> !"failed".equals(r.channel())).isPresent()) {
                continue;
            }
            List<SentNotification> items = table.awaitingDigest(reader, slot.toInstant());
            List<DigestEntry> extras = reader.delivery() != Delivery.WEEKLY_DIGEST ? List.of()
                    : standingByReader.getOrDefault(reader.recipient().toLowerCase(Locale.ROOT), List.of()).stream()
                    .filter(e -> e.since() == null || e.since().isBefore(slot.toInstant())).toList();
            if (items.isEmpty() && extras.isEmpty()) {
                continue;
            }
            locks.renew(LockScope.DIGESTS, node);
            TicketUrls tickets = ticketUrls.getIfAvailable(() -> caseId -> java.util.Optional.empty());
            Notification mail = mails.render(key, reader, slot, items, extras, tickets::of);
            table.supersedeDigests(mail.kind(), reader.recipient(), key);
            List<Long> ids = items.stream().map(SentNotification::id).toList();
            try {
                if (outbox.sendOwned(mail, () -> table.markDigested(ids, key))) {
                    sent++;
                    log.info("Digest {} to {}: {} entries", key, reader.recipient(), items.size() + extras.size());
                }
            } catch (MailUnavailableException e) {
                log.warn("Digests wait for the SMTP server: {}", e.getMessage());
                return sent;
            } catch (MailRejectedException e) {
                // Refused for good (an address the server will not take, a message too large): what it carried
                // waits for the next digest, which may fare better; this one is not sent.
                log.warn("Digest {} to {} was refused: {}", key, reader.recipient(), e.getMessage());
                table.refused(key, e.getMessage());
                table.releaseDigested(key);
            } catch (RuntimeException e) {
                log.warn("Digest {} to {} failed: {}; tried again at the next check", key, reader.recipient(),
                        e.getMessage());
            }
        }
        return sent;
    }

    private Map<String, List<DigestEntry>> standingCache = Map.of();
    private Instant standingReadAt = Instant.MIN;

    /** The standing entries by reader address, read again when 15 minutes old (they cost a query per entry). */
    private synchronized Map<String, List<DigestEntry>> standing(Instant now) {
        if (standingReadAt.isBefore(now.minus(STANDING_FOR)) || standingReadAt.isAfter(now)) {
            standingCache = standing.orderedStream().flatMap(s -> s.weekly().stream())
                    .collect(Collectors.groupingBy(e -> e.recipient().toLowerCase(Locale.ROOT)));
            standingReadAt = now;
        }
        return standingCache;
    }

    /** The reader's latest digest time at or before {@code now}. */
    ZonedDateTime lastSlot(Instant now, ZoneId zone, Delivery delivery) {
        ZonedDateTime local = now.atZone(zone);
        if (delivery == Delivery.WEEKLY_DIGEST) {
            ZonedDateTime slot = local.toLocalDate().with(TemporalAdjusters.previousOrSame(digest.weeklyOn()))
                    .atTime(digest.weeklyAt()).atZone(zone);
            return slot.isAfter(local) ? slot.minusWeeks(1) : slot;
        }
        ZonedDateTime slot = local.toLocalDate().atTime(digest.dailyAt()).atZone(zone);
        return slot.isAfter(local) ? slot.minusDays(1) : slot;
    }
}
