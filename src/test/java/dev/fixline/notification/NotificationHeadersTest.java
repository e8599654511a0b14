package dev.fixline.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import dev.fixline.ApplicationTest;
import dev.fixline.TestInfrastructure;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * A notification's subject cannot carry a header of its own, whatever the values it was built from: sent by SMTP
 * to GreenMail, the mail arrives with one Subject line and no other recipient; a NUL never reaches the outbox
 * table. (Inputs refuse line breaks and control characters already; this is the last line of defence.)
 */
@ApplicationTest
class NotificationHeadersTest {

    @Autowired JdbcTemplate jdbc;
    @Autowired PlatformTransactionManager transactions;

    private final GreenMail smtp = TestInfrastructure.smtp();

    private NotificationOutbox outboxMailingToGreenMail() {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("localhost");
        sender.setPort(smtp.getSmtp().getPort());
        var mail = new StaticListableBeanFactory(Map.of("mail", sender)).getBeanProvider(JavaMailSender.class);
        return new NotificationOutbox(jdbc, mail, new SmtpLink(mail, Clock.systemUTC()),
                NotificationProperties.withSender("fixline@localhost"), transactions, Clock.systemUTC());
    }

    @Test
    void aLineBreakInASubjectCannotAddAHeaderAndANulNeverReachesTheOutbox() throws Exception {
        String key = UUID.randomUUID().toString();
        boolean sent = outboxMailingToGreenMail().send(new Notification(key, "ASSIGNED", null, "owner@contoso.example",
                "[Fixline] CVE-1 in lib\r\nBcc: victim@evil.example\r\n\r\nforged body " + key,
                "Body with a NUL\u0000 and an ESC\u001b[31m, line\r\nbreaks kept"));
        assertThat(sent).isTrue();

        List<MimeMessage> mails = Arrays.stream(smtp.getReceivedMessages()).filter(m -> subject(m).contains(key)).toList();
        assertThat(mails).hasSize(1);
        MimeMessage mail = mails.get(0);
        assertThat(subject(mail)).isEqualTo("[Fixline] CVE-1 in lib Bcc: victim@evil.example forged body " + key);
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("owner@contoso.example");
        assertThat(smtp.getReceivedMessagesForDomain("evil.example")).isEmpty();

        Map<String, Object> kept = jdbc.queryForMap("SELECT subject, body FROM notification WHERE dedup_key = ?", key);
        assertThat(kept.get("subject")).isEqualTo(subject(mail));
        assertThat(kept.get("body")).isEqualTo("Body with a NUL and an ESC[31m, line\r\nbreaks kept");
    }

    @Test
    void aRecipientWithALineBreakIsRefused() {
        assertThatThrownBy(() -> outboxMailingToGreenMail().send(new Notification(UUID.randomUUID().toString(),
                "ASSIGNED", null, "owner@contoso.example\r\nBcc: victim@evil.example", "s", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no usable recipient address");
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
