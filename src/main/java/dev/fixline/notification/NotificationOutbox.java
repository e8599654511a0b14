package dev.fixline.notification;

import dev.fixline.finding.Page;
import dev.fixline.limits.ControlCharacters;
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

/**
 * Every notification is kept in the outbox (visible at {@code GET /api/notifications}); when
 * {@code spring.mail.host} is set it is also sent by SMTP. A failed send throws
 * ({@link MailUnavailableException} or {@link MailRejectedException}), so the calling job rolls back, its
 * outbox row with it, and is retried, and finally becomes an incident.
 */
@Service
public class NotificationOutbox implements Notifier {

    private static final Logger log = LoggerFactory.getLogger(NotificationOutbox.class);

    private final JdbcTemplate jdbc;
    private final ObjectProvider<JavaMailSender> mail;
    private final SmtpLink smtp;
    private final NotificationProperties properties;
    private final Clock clock;

    NotificationOutbox(JdbcTemplate jdbc, ObjectProvider<JavaMailSender> mail, SmtpLink smtp,
                       NotificationProperties properties, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.mail = mail;
        this.smtp = smtp;
        this.properties = properties;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Override
    public boolean send(Notification notification) {
        Notification n = safe(notification);
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
            smtp.send(message);
            log.info("Mailed {} notification for case {} to {}", n.kind(), n.caseId(), n.recipient());
        }
        return true;
    }

    /**
     * The notification as it may be kept and mailed: its subject on one line (a line break in a value would end
     * the Subject header and start one of the sender's choosing), its body without control characters other than
     * TAB and line breaks. A recipient with a control character is no address: refused (the job fails, and is
     * retried and finally an incident, as for a mail server that refuses it).
     */
    static Notification safe(Notification n) {
        if (n.recipient() == null || ControlCharacters.inLine(n.recipient()) >= 0) {
            throw new IllegalArgumentException("Notification " + n.dedupKey() + " has no usable recipient address: '"
                    + ControlCharacters.oneLine(String.valueOf(n.recipient())) + "'");
        }
        return new Notification(n.dedupKey(), n.kind(), n.caseId(), n.recipient(),
                ControlCharacters.oneLine(n.subject()), ControlCharacters.text(n.body()));
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
