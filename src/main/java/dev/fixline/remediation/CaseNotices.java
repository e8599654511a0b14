package dev.fixline.remediation;

import dev.fixline.audit.AuditEventType;
import dev.fixline.audit.AuditLog;
import dev.fixline.finding.Severity;
import dev.fixline.notification.Delivery;
import dev.fixline.notification.Notification;
import dev.fixline.notification.Notifier;
import dev.fixline.ownership.OwnershipRules;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Mails a person about a case, with the {@code NOTIFIED} entry on its timeline once the mail is recorded. An
 * owner's new and due cases wait for their daily digest, a manager's breaches for the weekly one; a Critical case
 * and everything else (decisions, escalations, closures) go at once.
 */
@Component
class CaseNotices {

    private static final Set<String> DAILY = Set.of("ASSIGNED", "REMINDER", "REMINDER_HALFWAY");
    private static final Set<String> WEEKLY = Set.of("BREACH", "BREACH_REPEATED");

    private final Notifier notifier;
    private final OwnershipRules ownership;
    private final AuditLog audit;

    CaseNotices(Notifier notifier, OwnershipRules ownership, AuditLog audit) {
        this.notifier = notifier;
        this.ownership = ownership;
        this.audit = audit;
    }

    /** @param dedupKey the same key never mails twice, whoever retries the step */
    void send(CaseView c, String kind, String dedupKey, String person, CaseMails.Mail mail) {
        String to = ownership.emailOf(person);
        Delivery delivery = notifier.effective(deliveryOf(kind, c.severity()));
        notifier.send(new Notification(dedupKey, kind, new Notification.Regarding(c.id(), c.team(), mail.caseUrl(),
                        mail.ticketUrl()), person, to, mail.subject(), mail.body(), mail.html(), delivery),
                () -> audit.record(c.id(), null, AuditEventType.NOTIFIED, AuditLog.SYSTEM, kind + " notice "
                        + (delivery == Delivery.NOW ? "sent" : "for the " + (delivery == Delivery.DAILY_DIGEST
                        ? "daily" : "weekly") + " digest") + " to " + person + " <" + to + ">", null));
    }

    /** A notice whose earlier send failed and that this step no longer sends. */
    void abandon(String dedupKey, String why) {
        notifier.abandon(dedupKey, why);
    }

    static Delivery deliveryOf(String kind, Severity severity) {
        if (severity == Severity.CRITICAL) {
            return Delivery.NOW;
        }
        return DAILY.contains(kind) ? Delivery.DAILY_DIGEST : WEEKLY.contains(kind) ? Delivery.WEEKLY_DIGEST
                : Delivery.NOW;
    }
}
