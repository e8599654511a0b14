package dev.fixline.notification.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import org.eclipse.angus.mail.smtp.SMTPSSLTransport;

/** Angus Mail's SMTP-over-TLS transport ({@code spring.mail.protocol=smtps}), like {@link EndAwareSmtpTransport}. */
public class EndAwareSmtpsTransport extends SMTPSSLTransport {

    public EndAwareSmtpsTransport(Session session, URLName url) {
        super(session, url);
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
        MessageEnd.reached();
        super.finishData();
        MessageEnd.accepted();
    }
}
