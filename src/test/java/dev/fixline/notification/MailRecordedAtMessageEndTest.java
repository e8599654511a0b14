package dev.fixline.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.fixline.notification.smtp.EndAwareTransports;
import java.time.Clock;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A mailed notification is recorded when its message is handed over, whatever happens to the step that
 * sends it: a step that dies after the mail went out (here: rolls back) finds it recorded and does not mail
 * it again; a mail whose record cannot be committed never reaches the server; and one whose acceptance was
 * not recorded is sent again as the same message (the same Message-ID). Real SMTP (GreenMail) and the real
 * schema (Flyway on H2).
 */
class MailRecordedAtMessageEndTest {

    private final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    private JdbcTemplate jdbc;
    private TransactionTemplate step;
    private NotificationOutbox outbox;

    @BeforeEach
    void setUp() {
        smtp.start();
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:mail-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(db);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(db);
        step = new TransactionTemplate(transactions);
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("localhost");
        sender.setPort(smtp.getSmtp().getPort());
        EndAwareTransports.install(sender);
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("mailSender", sender);
        outbox = new NotificationOutbox(jdbc, beans.getBeanProvider(JavaMailSender.class),
                new SmtpLink(beans.getBeanProvider(JavaMailSender.class), Clock.systemUTC()),
                NotificationProperties.withSender("fixline@localhost"), transactions, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        smtp.stop();
    }

    @Test
    void aStepThatDiesAfterTheMailWentOutDoesNotMailItAgain() {
        Notification notice = notice("case-1:assigned");
        step.executeWithoutResult(tx -> {
            assertThat(outbox.send(notice, () -> audit("case-1", "NOTIFIED"))).isTrue();
            tx.setRollbackOnly(); // the step never commits, as if the process were killed here
        });
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM notification WHERE dedup_key = 'case-1:assigned' AND sent_at IS NOT NULL"))
                .as("the mail's record committed on its own").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM audit_event WHERE case_id = 'case-1' AND event_type = 'NOTIFIED'"))
                .as("the caller's audit entry committed with it").isEqualTo(1);

        Boolean sentAgain = step.execute(tx -> outbox.send(notice, () -> audit("case-1", "NOTIFIED")));

        assertThat(sentAgain).isFalse();
        assertThat(smtp.getReceivedMessages()).as("the retried step mails nothing").hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM audit_event WHERE case_id = 'case-1'")).isEqualTo(1);
    }

    @Test
    void aMailWhoseRecordCannotBeCommittedNeverReachesTheServer() {
        Notification notice = notice("case-2:assigned");
        assertThatThrownBy(() -> step.executeWithoutResult(tx -> outbox.send(notice, () -> {
            throw new IllegalStateException("database gone");
        }))).hasStackTraceContaining("database gone");

        assertThat(smtp.getReceivedMessages()).as("the message was withdrawn before its last line").isEmpty();
        assertThat(count("SELECT COUNT(*) FROM notification WHERE channel <> 'failed'")).isZero();
        assertThat(outbox.list("case-2", 0, 10).items()).singleElement().satisfies(n -> {
            assertThat(n.state()).as("the failed send is visible, to be retried").isEqualTo(DeliveryState.RETRYING);
            assertThat(n.attempts()).isOne();
            assertThat(n.lastError()).contains("database gone");
        });

        Boolean sent = step.execute(tx -> outbox.send(notice, () -> audit("case-2", "NOTIFIED")));
        assertThat(sent).isTrue();
        assertThat(smtp.getReceivedMessages()).as("the retried step mails it once").hasSize(1);
    }

    @Test
    void aMailWhoseAcceptanceWasNotRecordedIsSentAgainAsTheSameMessage() throws Exception {
        Notification notice = notice("case-3:assigned");
        // A crash between the server's acceptance and its record left this behind (the NOTIFIED entry with it).
        jdbc.update("INSERT INTO notification (dedup_key, kind, case_id, recipient, subject, body, channel, created_at) "
                + "VALUES ('case-3:assigned', 'ASSIGNED', 'case-3', 'owner@contoso.example', 's', 'b', 'smtp', "
                + "CURRENT_TIMESTAMP)");
        audit("case-3", "NOTIFIED");

        Boolean sent = step.execute(tx -> outbox.send(notice, () -> audit("case-3", "NOTIFIED")));

        assertThat(sent).isTrue();
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(smtp.getReceivedMessages()[0].getMessageID()).as("the same message as the one that may have arrived")
                .isEqualTo(outbox.messageId("case-3:assigned")).startsWith("<fixline.").endsWith("@localhost>");
        assertThat(count("SELECT COUNT(*) FROM notification WHERE dedup_key = 'case-3:assigned' AND sent_at IS NOT NULL"))
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM audit_event WHERE case_id = 'case-3'")).as("recorded once").isEqualTo(1);
        Boolean sentAgain = step.execute(tx -> outbox.send(notice, () -> audit("case-3", "NOTIFIED")));
        assertThat(sentAgain).isFalse();
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    private Notification notice(String key) {
        return new Notification(key, "ASSIGNED", key.substring(0, key.indexOf(':')), "owner@contoso.example",
                "[Fixline] yours to fix", "You own remediation case " + key);
    }

    private void audit(String caseId, String type) {
        jdbc.update("INSERT INTO audit_event (occurred_at, case_id, event_type, actor, summary) "
                + "VALUES (CURRENT_TIMESTAMP, ?, ?, 'fixline', 'sent')", caseId, type);
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }
}
