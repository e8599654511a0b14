package dev.fixline.remediation;

import dev.fixline.audit.AuditEventType;
import dev.fixline.audit.AuditLog;
import dev.fixline.notification.Notification;
import dev.fixline.notification.Notifier;
import dev.fixline.ownership.OwnershipRules;
import org.springframework.stereotype.Component;

/** Mails a person about a case, with the {@code NOTIFIED} entry on its timeline once the mail is recorded. */
@Component
class CaseNotices {

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
        notifier.send(new Notification(dedupKey, kind, c.id(), to, mail.subject(), mail.body()),
                () -> audit.record(c.id(), null, AuditEventType.NOTIFIED, AuditLog.SYSTEM,
                        kind + " notice sent to " + person + " <" + to + ">", null));
    }
}
