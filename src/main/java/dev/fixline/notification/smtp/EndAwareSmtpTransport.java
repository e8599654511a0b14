package dev.fixline.notification.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/** Angus Mail's SMTP transport, running {@link MessageEnd}'s work around the end-of-data line. */
public class EndAwareSmtpTransport extends SMTPTransport {

    public EndAwareSmtpTransport(Session session, URLName url) {
        super(session, url);
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
        MessageEnd.reached();
        super.finishData();
        MessageEnd.accepted();
    }
}
