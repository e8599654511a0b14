package dev.fixline.remediation;

import dev.fixline.notification.MailStatus;
import dev.fixline.notification.SmtpLink;
import java.util.List;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code mail} component of {@code /actuator/health}, in place of Spring Boot's own (its bean name keeps
 * Boot's out). Boot's turns the whole application {@code DOWN} while the SMTP server is down, and a load
 * balancer would then take Fixline out of service although cases, deadlines and tickets go on. This one
 * is {@code DEGRADED}, with the reason: from the last send or check that failed, until the server answers
 * again. Mail steps waiting out the outage are retried by themselves once it does. It never connects to
 * the server itself: {@link OutageRecovery} checks it, and sends tell.
 */
@Component("mailHealthIndicator")
class MailHealthIndicator implements HealthIndicator {

    static final Status UNREACHABLE = new Status("DEGRADED", "the SMTP server does not take mail (see reason): "
            + "notices wait in their steps and are retried, and go out by themselves once it does");
    static final Status RECOVERING = new Status("DEGRADED", "the SMTP server answers again; the steps that failed "
            + "during its outage are retried at the next check (fixline.remediation.outage.recovery-check)");
    static final Status DEGRADED = new Status("DEGRADED", "mail steps have failed for good; see the incidents in "
            + "Cockpit, fix the cause and retry them");
    /** Every activity of remediation.bpmn that sends a notice. */
    static final List<String> MAIL_STEPS = RemediationProcess.Activity.ids(RemediationProcess.Activity.MAIL_STEPS);

    private final SmtpLink smtp;
    private final IncidentCounts incidents;

    MailHealthIndicator(SmtpLink smtp, IncidentCounts incidents) {
        this.smtp = smtp;
        this.incidents = incidents;
    }

    @Override
    public Health health() {
        MailStatus mail = smtp.status();
        if (!mail.configured()) {
            return Health.up().withDetail("server", "none")
                    .withDetail("note", "SMTP is off (no spring.mail.host): notices are kept in the outbox only")
                    .build();
        }
        long failed = incidents.of(MAIL_STEPS);
        long outage = incidents.causedBy(OutageKind.MAIL);
        Health.Builder health = mail.failing() ? Health.status(UNREACHABLE)
                : failed > outage ? Health.status(DEGRADED)
                : outage > 0 ? Health.status(RECOVERING) : Health.up();
        health.withDetail("server", mail.server()).withDetail("incidents", failed)
                .withDetail("incidentsFromOutage", outage);
        if (mail.failing()) {
            health.withDetail("reason", mail.lastFailure()).withDetail("failingSince", mail.failingSince())
                    .withDetail("failedAttempts", mail.failedAttempts());
        }
        if (mail.lastSuccessAt() != null) {
            health.withDetail("lastSuccessAt", mail.lastSuccessAt());
        }
        return health.build();
    }
}
