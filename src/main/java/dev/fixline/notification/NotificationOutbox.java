package dev.fixline.notification;

import dev.fixline.finding.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Every notification is kept in the outbox (visible at {@code GET /api/notifications}); when
 * {@code spring.mail.host} is set it is also sent by SMTP, as the caller's transaction commits. A
 * failed send throws, so the calling job rolls back and is retried, and finally becomes an incident.
 */
@Service
public class NotificationOutbox implements Notifier {

    private static final Logger log = LoggerFactory.getLogger(NotificationOutbox.class);

    private final JdbcTemplate jdbc;
    private final ObjectProvider<JavaMailSender> mail;
    private final NotificationProperties properties;
    private final Clock clock;

    NotificationOutbox(JdbcTemplate jdbc, ObjectProvider<JavaMailSender> mail, NotificationProperties properties,
                       Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.mail = mail;
        this.properties = properties;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Override
    public boolean send(Notification n) {
        Integer already = jdbc.queryForObject("SELECT COUNT(*) FROM notification WHERE dedup_key = ?", Integer.class,
                n.dedupKey());
        if (already != null && already > 0) {
            return false;
        }
        JavaMailSender sender = mail.getIfAvailable();
        Instant now = clock.instant();
        jdbc.update("""
                INSERT INTO notification (dedup_key, kind, case_id, recipient, subject, body, channel, created_at, sent_at)
                VALUES (?,?,?,?,?,?,?,?,?)""", n.dedupKey(), n.kind(), n.caseId(), n.recipient(), n.subject(),
                n.body(), sender == null ? "outbox" : "smtp", now.atOffset(ZoneOffset.UTC),
                sender == null ? null : now.atOffset(ZoneOffset.UTC));
        if (sender != null) {
            SimpleMailMessage message = new SimpleMailMessage();
            message.setFrom(properties.from());
            message.setTo(n.recipient());
            message.setSubject(n.subject());
            message.setText(n.body());
            whenCommitting(() -> {
                sender.send(message);
                log.info("Mailed {} notification for case {} to {}", n.kind(), n.caseId(), n.recipient());
            });
        }
        return true;
    }

    /**
     * Mails as the caller's transaction commits, after the engine has written its changes: a step that
     * rolls back (one that lost a race with another job of its case, on another node say) has sent
     * nothing, so no mail goes out without its record. A send that fails still rolls the step back.
     */
    private static void whenCommitting(Runnable send) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            send.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                send.run();
            }
        });
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
