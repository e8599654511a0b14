package dev.fixline.notification;

import dev.fixline.finding.Page;
import dev.fixline.limits.ControlCharacters;
import dev.fixline.notification.smtp.MessageEnd;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
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
 * {@code spring.mail.host} is set it is also sent by SMTP, at once or in its reader's next digest
 * ({@link Delivery}). A failed send is counted on its record and throws ({@link MailUnavailableException} or
 * {@link MailRejectedException}): a process step rolls back and is retried, and finally becomes an incident; the
 * outbox's own jobs ({@link DigestDispatcher}, {@link MailBacklog}) try again at their next check.
 * A mailed notification's record commits in a transaction of its own just before the message is complete, and is
 * marked sent once the server accepted it ({@link MessageEnd}): a crash never loses a mail, and mails one again
 * (with the same Message-ID) only when it struck between the server's acceptance and that mark.
 */
@Service
public class NotificationOutbox implements Notifier {

    private static final Logger log = LoggerFactory.getLogger(NotificationOutbox.class);

    private final NotificationTable table;
    private final ObjectProvider<JavaMailSender> mail;
    private final SmtpLink smtp;
    private final NotificationProperties properties;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;

    NotificationOutbox(JdbcTemplate jdbc, ObjectProvider<JavaMailSender> mail, SmtpLink smtp,
                       NotificationProperties properties, PlatformTransactionManager transactions,
                       Clock clock) {
        this.table = new NotificationTable(jdbc);
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.mail = mail;
        this.smtp = smtp;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public boolean send(Notification notification, Runnable recordAlongside) {
        Notification n = safe(effective(notification.delivery()) == Delivery.NOW ? notification.deliveredNow()
                : notification);
        Optional<NotificationTable.Recorded> recorded = table.find(n.dedupKey());
        if (n.delivery() != Delivery.NOW) {
            if (recorded.isPresent() && !"failed".equals(recorded.get().channel())) {
                return false; // a row a failed send left is completed: the retry asked for the digest
            }
            table.record(n, "digest", clock.instant(), null, null);
            recordAlongside.run();
            return true;
        }
        return deliver(n, recordAlongside, recorded, false);
    }

    /**
     * Sends a notification the outbox delivers by itself (a digest): if its acceptance is never recorded,
     * {@link MailBacklog} sends it again.
     */
    boolean sendOwned(Notification notification, Runnable recordAlongside) {
        Notification n = safe(notification.deliveredNow());
        return deliver(n, recordAlongside, table.find(n.dedupKey()), true);
    }

    private boolean deliver(Notification n, Runnable recordAlongside, Optional<NotificationTable.Recorded> recorded,
                            boolean owned) {
        JavaMailSender sender = mail.getIfAvailable();
        boolean failedBefore = recorded.map(r -> "failed".equals(r.channel())).orElse(false);
        boolean again = recorded.map(NotificationTable.Recorded::handedOverUnconfirmed).orElse(false);
        if (recorded.isPresent() && !failedBefore && (!again || sender == null)) {
            return false;
        }
        Instant now = clock.instant();
        if (sender == null) {
            Runnable keep = () -> {
                table.record(n, "outbox", now, null, null);
                recordAlongside.run();
            };
            if (owned) {
                ownTransaction.executeWithoutResult(tx -> keep.run()); // no step's transaction around it
            } else {
                keep.run();
            }
            return true;
        }
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
        try {
            MessageEnd.sendWith(() -> {
                if (!again) {
                    ownTransaction.executeWithoutResult(tx -> {
                        table.record(n, "smtp", now, null, owned ? now : null);
                        recordAlongside.run();
                    });
                }
                handedOver.set(true);
            }, () -> ownTransaction.executeWithoutResult(tx -> table.markSent(n.dedupKey(), clock.instant())),
                    () -> smtp.send(message));
        } catch (RuntimeException e) {
            countFailure(n, e);
            throw e;
        }
        if (!handedOver.get()) {
            // Sent through a transport that does not call back: record it with the step.
            table.record(n, "smtp", now, clock.instant(), owned ? now : null);
            recordAlongside.run();
        }
        log.info("Mailed {} notification{} to {}", n.kind(), n.caseId() == null ? "" : " for case " + n.caseId(),
                n.recipient());
        return true;
    }

    @Override
    public Delivery effective(Delivery asked) {
        return properties.digest().enabled() ? asked : Delivery.NOW;
    }

    @Override
    public void abandon(String dedupKey, String why) {
        table.abandon(dedupKey, why);
    }

    /**
     * Mails again a notification already recorded (kept while SMTP was off, or a mail the outbox delivers whose
     * acceptance was never recorded), under its own Message-ID; {@link MailBacklog} claimed it first.
     */
    void resend(Notification n) {
        JavaMailSender sender = mail.getObject();
        MimeMessage message = message(sender, n);
        AtomicBoolean marked = new AtomicBoolean();
        try {
            MessageEnd.sendWith(() -> { }, () -> {
                ownTransaction.executeWithoutResult(tx -> table.markSent(n.dedupKey(), clock.instant()));
                marked.set(true);
            }, () -> smtp.send(message));
        } catch (RuntimeException e) {
            countFailure(n, e);
            throw e;
        }
        if (!marked.get()) {
            table.markSent(n.dedupKey(), clock.instant()); // a transport that does not call back
        }
        log.info("Mailed {} notification {} to {} from the outbox", n.kind(), n.dedupKey(), n.recipient());
    }

    /** Counts the failed send on the notification's record; what went wrong in the send stays what is thrown. */
    private void countFailure(Notification n, RuntimeException failure) {
        try {
            ownTransaction.executeWithoutResult(tx -> table.failed(n, failure.getMessage(), clock.instant()));
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * A text mail, with an HTML alternative when the notification has one, whose Message-ID follows from the
     * dedup key: a mail sent again after a crash is the same message, which mail systems that drop duplicates by
     * Message-ID show once.
     */
    private MimeMessage message(JavaMailSender sender, Notification n) {
        try {
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, n.html() != null, StandardCharsets.UTF_8.name());
            helper.setFrom(properties.from());
            helper.setTo(n.recipient());
            helper.setSubject(n.subject());
            if (n.html() != null) {
                helper.setText(n.body(), n.html());
            } else {
                helper.setText(n.body());
            }
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

    /**
     * The notification as it may be kept and mailed: its subject on one line (a line break in a value would end
     * the Subject header and start one of the sender's choosing), its text without control characters other than
     * TAB and line breaks. A recipient with a control character is no address: refused (the job fails, and is
     * retried and finally an incident, as for a mail server that refuses it).
     */
    static Notification safe(Notification n) {
        if (n.recipient() == null || ControlCharacters.inLine(n.recipient()) >= 0) {
            throw new IllegalArgumentException("Notification " + n.dedupKey() + " has no usable recipient address: '"
                    + ControlCharacters.oneLine(String.valueOf(n.recipient())) + "'");
        }
        return n.withText(ControlCharacters.oneLine(n.subject()), ControlCharacters.text(n.body()),
                n.html() == null ? null : ControlCharacters.text(n.html()));
    }

    /** Notifications, newest first: all of them, or those for {@code person} and about cases of their {@code teams}. */
    public Page<SentNotification> list(String caseId, String person, List<String> teams, boolean all, int page,
                                       int size) {
        return table.list(caseId, all ? null : new NotificationTable.Scope(person, teams), page, size);
    }

    public Page<SentNotification> list(String caseId, int page, int size) {
        return list(caseId, null, List.of(), true, page, size);
    }
}
