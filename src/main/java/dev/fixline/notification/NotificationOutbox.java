package dev.fixline.notification;

import dev.fixline.finding.Page;
import dev.fixline.limits.ControlCharacters;
import dev.fixline.notification.smtp.MessageEnd;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every notification is kept in the outbox (visible at {@code GET /api/notifications}); when
 * {@code spring.mail.host} is set it is also sent by SMTP. A failed send throws
 * ({@link MailUnavailableException} or {@link MailRejectedException}), so the calling job rolls back and is retried, and finally becomes an incident. A mailed notification's record commits in a
 * transaction of its own just before the message is complete, and is marked sent once the server accepted it
 * ({@link MessageEnd}): a crash never loses a mail, and mails one again (with the same Message-ID) only when
 * it struck between the server's acceptance and that mark.
 */
@Service
public class NotificationOutbox implements Notifier {

    private static final Logger log = LoggerFactory.getLogger(NotificationOutbox.class);

    private final JdbcTemplate jdbc;
    /** For statements with more parameters than can be told apart by position. */
    private final JdbcClient named;
    private final ObjectProvider<JavaMailSender> mail;
    private final SmtpLink smtp;
    private final NotificationProperties properties;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;

    NotificationOutbox(JdbcTemplate jdbc, ObjectProvider<JavaMailSender> mail, SmtpLink smtp,
                       NotificationProperties properties, PlatformTransactionManager transactions,
                       Clock clock) {
        this.jdbc = jdbc;
        this.named = JdbcClient.create(jdbc);
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.mail = mail;
        this.smtp = smtp;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public boolean send(Notification notification, Runnable recordAlongside) {
        Notification n = safe(notification);
        List<Boolean> handedOverUnconfirmed = jdbc.query("SELECT channel, sent_at FROM notification WHERE dedup_key = ?",
                (rs, i) -> "smtp".equals(rs.getString("channel")) && rs.getTimestamp("sent_at") == null, n.dedupKey());
        JavaMailSender sender = mail.getIfAvailable();
        if (!handedOverUnconfirmed.isEmpty() && (!handedOverUnconfirmed.get(0) || sender == null)) {
            return false;
        }
        if (sender == null) {
            record(n, "outbox", null);
            recordAlongside.run();
            return true;
        }
        boolean again = !handedOverUnconfirmed.isEmpty();
        if (again) {
            log.warn("Mail {} to {} was handed to the SMTP server before, but its acceptance was not recorded (the "
                    + "node stopped, or the server refused it); sending it again with the same Message-ID",
                    n.dedupKey(), n.recipient());
        }
        MimeMessage message = message(sender, n);
        // The record (sent_at still empty) commits on its own right before the message's last line, and gets
        // sent_at once the server accepted it: a crash before the record sent nothing; one after it finds the
        // record, and sends again only if the server's acceptance was not recorded yet.
        AtomicBoolean handedOver = new AtomicBoolean(again);
        MessageEnd.sendWith(() -> {
            if (!again) {
                ownTransaction.executeWithoutResult(tx -> {
                    record(n, "smtp", null);
                    recordAlongside.run();
                });
            }
            handedOver.set(true);
        }, () -> ownTransaction.executeWithoutResult(tx -> jdbc.update(
                "UPDATE notification SET sent_at = ? WHERE dedup_key = ?", clock.instant().atOffset(ZoneOffset.UTC),
                n.dedupKey())), () -> smtp.send(message));
        if (!handedOver.get()) {
            // Sent through a transport that does not call back: record it with the step.
            record(n, "smtp", clock.instant());
            recordAlongside.run();
        }
        log.info("Mailed {} notification for case {} to {}", n.kind(), n.caseId(), n.recipient());
        return true;
    }

    /**
     * A plain-text mail whose Message-ID follows from the dedup key: a mail sent again after a crash is the same
     * message, which mail systems that drop duplicates by Message-ID show once.
     */
    private MimeMessage message(JavaMailSender sender, Notification n) {
        try {
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, StandardCharsets.UTF_8.name());
            helper.setFrom(properties.from());
            helper.setTo(n.recipient());
            helper.setSubject(n.subject());
            helper.setText(n.body());
            message.setHeader("Message-ID", messageId(n.dedupKey()));
            return message;
        } catch (MessagingException e) {
            throw new MailPreparationException("Notification " + n.dedupKey() + " cannot be written as a mail", e);
        }
    }

    String messageId(String dedupKey) {
        String from = properties.from();
        String domain = from.contains("@") ? from.substring(from.lastIndexOf('@') + 1).replace(">", "").trim()
                : "fixline.invalid";
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(dedupKey.getBytes(StandardCharsets.UTF_8));
            return "<fixline." + HexFormat.of().formatHex(hash, 0, 16) + "@" + domain + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void record(Notification n, String channel, Instant sentAt) {
        Instant now = clock.instant();
        named.sql("""
                INSERT INTO notification (dedup_key, kind, case_id, recipient, subject, body, channel, created_at, sent_at)
                VALUES (:key, :kind, :caseId, :recipient, :subject, :body, :channel, :created, :sent)""")
                .param("key", n.dedupKey()).param("kind", n.kind()).param("caseId", n.caseId())
                .param("recipient", n.recipient()).param("subject", n.subject()).param("body", n.body())
                .param("channel", channel).param("created", now.atOffset(ZoneOffset.UTC))
                .param("sent", sentAt == null ? null : sentAt.atOffset(ZoneOffset.UTC)).update();
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
