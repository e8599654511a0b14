package dev.fixline.notification;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * The SMTP server as Fixline uses it. A send that fails is told apart: an outage
 * ({@link MailUnavailableException}: no connection, no answer in time, credentials refused, a 4xx reply)
 * from a refusal of the mail itself ({@link MailRejectedException}: a 5xx reply, an address it will not
 * take). Every send and check is remembered, for the {@code mail} health component and for the retries
 * that wait for the server to come back.
 */
@Component
public class SmtpLink {

    private final ObjectProvider<JavaMailSender> mail;
    private final Clock clock;
    private volatile MailStatus status;

    SmtpLink(ObjectProvider<JavaMailSender> mail, Clock clock) {
        this.mail = mail;
        this.clock = clock;
        this.status = new MailStatus(server(mail.getIfAvailable()), null, null, null, 0);
    }

    /** Whether SMTP is configured ({@code spring.mail.host}); without it notifications stay in the outbox. */
    public boolean configured() {
        return mail.getIfAvailable() != null;
    }

    public MailStatus status() {
        return status;
    }

    /**
     * Sends one mail.
     *
     * @throws MailUnavailableException when the server cannot take it now
     * @throws MailRejectedException when it refused this mail for good
     */
    void send(MimeMessage message) {
        JavaMailSender sender = mail.getObject();
        try {
            sender.send(message);
        } catch (MailException e) {
            RuntimeException failure = classify(e);
            if (failure instanceof MailUnavailableException) {
                failed(failure.getMessage());
            } else {
                answered(); // the server is there; it refused this one mail
            }
            throw failure;
        }
        answered();
    }

    /**
     * Connects to the server and says hello, without sending anything.
     *
     * @return true when it answered (or SMTP is off, or the sender cannot be checked)
     */
    public boolean probe() {
        JavaMailSender sender = mail.getIfAvailable();
        if (!(sender instanceof JavaMailSenderImpl smtp)) {
            return true;
        }
        try {
            smtp.testConnection();
        } catch (MessagingException e) {
            failed("the SMTP server " + server(smtp) + " could not be reached for a check: " + reason(e));
            return false;
        }
        answered();
        return true;
    }

    private synchronized void answered() {
        MailStatus s = status;
        status = new MailStatus(s.server(), clock.instant(), null, null, 0);
    }

    private synchronized void failed(String reason) {
        MailStatus s = status;
        Instant now = clock.instant();
        status = new MailStatus(s.server(), s.lastSuccessAt(), s.failingSince() == null ? now : s.failingSince(),
                reason, s.failedAttempts() + 1);
    }

    /** An outage, or a refusal of this mail: what retrying later can and cannot fix. */
    static RuntimeException classify(MailException e) {
        if (e instanceof MailAuthenticationException) {
            return new MailUnavailableException("the SMTP server refused Fixline's credentials: " + reason(e), e);
        }
        if (e instanceof MailSendException send) {
            Exception[] causes = send.getMessageExceptions();
            for (Exception cause : causes.length == 0 ? new Exception[] {send} : causes) {
                int code = replyCode(cause);
                if (code >= 500 || code < 0) {
                    return new MailRejectedException("the SMTP server refused the mail" + (code > 0 ? " (" + code
                            + ")" : "") + ": " + reason(cause), e);
                }
                if (code >= 400) {
                    return new MailUnavailableException("the SMTP server asked to try again later (" + code + "): "
                            + reason(cause), e);
                }
            }
            return new MailUnavailableException("the SMTP server could not be reached: " + reason(e), e);
        }
        return new MailRejectedException("the mail could not be written: " + reason(e), e);
    }

    /**
     * The SMTP reply code of a refusal in the cause chain: 4xx or 5xx; -1 for a refusal without one (an
     * address the client itself found invalid); 0 when the chain holds no refusal (a connection problem).
     */
    private static int replyCode(Throwable e) {
        int found = 0;
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SMTPSendFailedException s) {
                return s.getReturnCode();
            }
            if (t instanceof SMTPAddressFailedException a) {
                return a.getReturnCode();
            }
            if (t instanceof AuthenticationFailedException) {
                return 0;
            }
            if (t instanceof SendFailedException && found == 0) {
                found = -1;
            }
        }
        return found;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    /** The innermost message, on one line: never the message's text or a password. */
    private static String reason(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = next(t)) {
            root = t;
        }
        String message = root.getMessage() == null ? "" : root.getMessage().replaceAll("\\s+", " ").trim();
        String text = root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
        return text.length() <= 300 ? text : text.substring(0, 297) + "...";
    }

    private static String server(JavaMailSender sender) {
        if (sender instanceof JavaMailSenderImpl smtp) {
            return smtp.getHost() + ":" + (smtp.getPort() > 0 ? smtp.getPort() : 25);
        }
        return sender == null ? null : "(custom mail sender)";
    }
}
