package dev.fixline.notification;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailSendException;

/**
 * What Jakarta Mail's failures, as Spring's {@code JavaMailSenderImpl} reports them, mean for the retries: an
 * outage of the server (worth waiting out) or a refusal of the mail (an incident at once).
 */
class SmtpLinkTest {

    @Test
    void noConnectionOrNoAnswerIsAnOutage() throws Exception {
        MessagingException refused = new MailConnectException(new SocketConnectException("Connection refused",
                new ConnectException("Connection refused"), "127.0.0.1", 25, 1000));
        assertThat(SmtpLink.classify(new MailSendException("Mail server connection failed", refused)))
                .isInstanceOf(MailUnavailableException.class).hasMessageContaining("could not be reached")
                .hasMessageContaining("Connection refused");

        MessagingException silent = new MessagingException("Exception reading response",
                new SocketTimeoutException("Read timed out"));
        assertThat(SmtpLink.classify(sendFailed(silent))).isInstanceOf(MailUnavailableException.class)
                .hasMessageContaining("Read timed out");
    }

    @Test
    void aTemporaryReplyIsAnOutageAndAPermanentOneARefusal() throws Exception {
        SendFailedException greylisted = new SendFailedException("Invalid Addresses",
                new SMTPAddressFailedException(new InternetAddress("owner@contoso.example"), "RCPT TO", 451,
                        "451 4.7.1 Greylisted, try again later"));
        assertThat(SmtpLink.classify(sendFailed(greylisted))).isInstanceOf(MailUnavailableException.class)
                .hasMessageContaining("451");

        SendFailedException unknownUser = new SendFailedException("Invalid Addresses",
                new SMTPAddressFailedException(new InternetAddress("nobody@contoso.example"), "RCPT TO", 550,
                        "550 5.1.1 User unknown"));
        assertThat(SmtpLink.classify(sendFailed(unknownUser))).isInstanceOf(MailRejectedException.class)
                .hasMessageContaining("550").hasMessageContaining("User unknown");

        SMTPSendFailedException tooBig = new SMTPSendFailedException("DATA", 552, "552 5.3.4 Message too big", null,
                null, null, null);
        assertThat(SmtpLink.classify(sendFailed(tooBig))).isInstanceOf(MailRejectedException.class);
    }

    @Test
    void refusedCredentialsWaitForSomeoneToFixThemAndABrokenMailIsRefused() {
        assertThat(SmtpLink.classify(new MailAuthenticationException(new AuthenticationFailedException(
                "535 5.7.8 Authentication credentials invalid")))).isInstanceOf(MailUnavailableException.class)
                .hasMessageContaining("credentials");
        assertThat(SmtpLink.classify(new MailParseException("Illegal address")))
                .isInstanceOf(MailRejectedException.class);
    }

    private static MailSendException sendFailed(Exception cause) {
        return new MailSendException(Map.of(new Object(), cause));
    }
}
