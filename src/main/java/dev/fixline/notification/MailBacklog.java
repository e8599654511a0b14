package dev.fixline.notification;

import dev.fixline.cluster.ClusterLocks;
import dev.fixline.cluster.LockScope;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Mails what waited in the outbox once SMTP is configured: notifications kept while it was not (up to the
 * backlog's max age; older ones are marked not sent), and mails the outbox delivers itself (digests) whose
 * acceptance was never recorded. Each is claimed before it is sent (a claim is taken over only once stale) and
 * keeps its Message-ID, and the node doing this renews its lease with every mail: nothing goes out twice as two
 * deliveries. A mail the server refuses for good is marked not sent, with the reason.
 */
@Component
public class MailBacklog {

    private static final Logger log = LoggerFactory.getLogger(MailBacklog.class);
    private static final int BATCH = 200;

    private final NotificationTable table;
    private final NotificationOutbox outbox;
    private final SmtpLink smtp;
    private final ClusterLocks locks;
    private final NotificationProperties properties;
    private final Clock clock;
    private final String node = "mail-backlog-" + UUID.randomUUID();

    MailBacklog(JdbcTemplate jdbc, NotificationOutbox outbox, SmtpLink smtp, ClusterLocks locks,
                NotificationProperties properties, Clock clock) {
        this.table = new NotificationTable(jdbc);
        this.outbox = outbox;
        this.smtp = smtp;
        this.locks = locks;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${fixline.notification.backlog.check:PT1M}",
            fixedDelayString = "${fixline.notification.backlog.check:PT1M}")
    void run() {
        if (!smtp.configured() || !locks.tryLease(LockScope.MAIL_BACKLOG, node, properties.backlog().resendAfter())) {
            return;
        }
        try {
            send();
        } finally {
            locks.release(LockScope.MAIL_BACKLOG, node);
        }
    }

    /** @return how many mails went out */
    public int send() {
        if (!smtp.configured()) {
            return 0;
        }
        Instant now = clock.instant();
        int expired = table.expireKept(now.minus(properties.backlog().maxAge()));
        if (expired > 0) {
            log.warn("{} notifications kept while SMTP was not configured are older than {} "
                    + "(fixline.notification.backlog.max-age) and will not be mailed; they stay listed as NOT_SENT",
                    expired, properties.backlog().maxAge());
        }
        int sent = 0;
        List<Notification> waiting;
        do {
            waiting = table.waitingForSmtp(clock.instant().minus(properties.backlog().resendAfter()), BATCH);
            for (Notification n : waiting) {
                locks.renew(LockScope.MAIL_BACKLOG, node);
                Instant at = clock.instant();
                if (!table.claim(n.dedupKey(), at, at.minus(properties.backlog().resendAfter()))) {
                    continue;
                }
                try {
                    outbox.resend(n);
                    sent++;
                } catch (MailUnavailableException e) {
                    log.warn("The outbox could not reach the SMTP server ({}); {} mails sent, the rest waits",
                            e.getMessage(), sent);
                    return sent;
                } catch (MailRejectedException e) {
                    log.warn("Mail {} to {} from the outbox was refused for good: {}; it is not sent", n.dedupKey(),
                            n.recipient(), e.getMessage());
                    table.refused(n.dedupKey(), e.getMessage());
                    if (n.kind().startsWith("DIGEST")) {
                        table.releaseDigested(n.dedupKey());
                    }
                } catch (RuntimeException e) {
                    log.warn("Mail {} to {} from the outbox failed: {}; it is tried again in {}", n.dedupKey(),
                            n.recipient(), e.getMessage(), properties.backlog().resendAfter());
                }
            }
            if (!waiting.isEmpty()) {
                log.info("Outbox: {} waiting mails sent so far", sent);
            }
        } while (waiting.size() == BATCH && sent > 0);
        return sent;
    }
}
