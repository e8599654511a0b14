package dev.fixline.notification;

import dev.fixline.finding.Page;
import dev.fixline.notification.smtp.MessageEnd;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every notification is kept in the outbox (visible at {@code GET /api/notifications}); when
 * {@code spring.mail.host} is set it is also sent by SMTP. A failed send throws, so the calling job
 * rolls back and is retried, and finally becomes an incident. A mailed notification's record commits in a
 * transaction of its own just before the message is complete ({@link MessageEnd}), so that a crash at any
 * moment neither mails it twice nor loses it.
 */
@Service
public class NotificationOutbox implements Notifier {

    private static final Logger log = LoggerFactory.getLogger(NotificationOutbox.class);

    private final JdbcTemplate jdbc;
    private final ObjectProvider<JavaMailSender> mail;
    private final NotificationProperties properties;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;

    NotificationOutbox(JdbcTemplate jdbc, ObjectProvider<JavaMailSender> mail, NotificationProperties properties,
                       PlatformTransactionManager transactions, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.mail = mail;
        this.properties = properties;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Override
    public boolean send(Notification n, Runnable recordAlongside) {
        Integer already = jdbc.queryForObject("SELECT COUNT(*) FROM notification WHERE dedup_key = ?", Integer.class,
                n.dedupKey());
        if (already != null && already > 0) {
            return false;
        }
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            record(n, "outbox", null);
            recordAlongside.run();
            return true;
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.from());
        message.setTo(n.recipient());
        message.setSubject(n.subject());
        message.setText(n.body());
        // The record commits on its own right before the message's last line, not with the (longer) step: a
        // crash before it sent nothing, a crash after it finds the record and does not send again.
        AtomicBoolean recorded = new AtomicBoolean();
        try {
            MessageEnd.sendWith(() -> {
                ownTransaction.executeWithoutResult(tx -> {
                    record(n, "smtp", clock.instant());
                    recordAlongside.run();
                });
                recorded.set(true);
            }, () -> sender.send(message));
        } catch (RuntimeException e) {
            if (recorded.get()) {
                // The server refused the whole message, or the connection broke before it answered: send again.
                ownTransaction.executeWithoutResult(tx -> jdbc.update("DELETE FROM notification WHERE dedup_key = ?",
                        n.dedupKey()));
                log.warn("Mail {} to {} was not confirmed by the SMTP server ({}); the step sends it again",
                        n.dedupKey(), n.recipient(), e.getMessage());
            }
            throw e;
        }
        if (!recorded.get()) {
            // Sent through a transport that does not call back: record it with the step, as before.
            record(n, "smtp", clock.instant());
            recordAlongside.run();
        }
        log.info("Mailed {} notification for case {} to {}", n.kind(), n.caseId(), n.recipient());
        return true;
    }

    private void record(Notification n, String channel, Instant sentAt) {
        Instant now = clock.instant();
        jdbc.update("""
                INSERT INTO notification (dedup_key, kind, case_id, recipient, subject, body, channel, created_at, sent_at)
                VALUES (?,?,?,?,?,?,?,?,?)""", n.dedupKey(), n.kind(), n.caseId(), n.recipient(), n.subject(),
                n.body(), channel, now.atOffset(ZoneOffset.UTC), sentAt == null ? null : sentAt.atOffset(ZoneOffset.UTC));
    }

    public Page<SentNotification> list(String caseId, int page, int size) {
        String where = caseId == null ? "" : " WHERE case_id = ?";
        Object[] args = caseId == null ? new Object[0] : new Object[] {caseId};
        long total = jdbc.queryForObject("SELECT COUNT(*) FROM notification" + where, Long.class, args);
        Object[] pageArgs = caseId == null ? new Object[] {(long) page * size, size}
                : new Object[] {caseId, (long) page * size, size};
        List<SentNotification> items = jdbc.query("SELECT * FROM notification" + where
                + " ORDER BY id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", NotificationOutbox::map, pageArgs);
        return new Page<>(items, page, size, total);
    }

    private static SentNotification map(ResultSet rs, int n) throws SQLException {
        return new SentNotification(rs.getLong("id"), rs.getString("kind"), rs.getString("case_id"),
                rs.getString("recipient"), rs.getString("subject"), rs.getString("body"), rs.getString("channel"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("sent_at")));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
