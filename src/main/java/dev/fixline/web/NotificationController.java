package dev.fixline.web;

import dev.fixline.finding.Page;
import dev.fixline.notification.NotificationOutbox;
import dev.fixline.notification.SentNotification;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The notifications and how far each got (state, attempts, last error). Scoped like cases: a person sees the
 * notifications sent to them and those about their teams' cases; auditors and administrators see all.
 */
@RestController
@RequestMapping("/api/notifications")
class NotificationController {

    private final NotificationOutbox outbox;

    NotificationController(NotificationOutbox outbox) {
        this.outbox = outbox;
    }

    @GetMapping
    Page<SentNotification> list(@RequestParam(name = "case", required = false) String caseId,
                                @RequestParam(defaultValue = "0") int page,
                                @RequestParam(defaultValue = "" + PageParams.DEFAULT_SIZE) int size,
                                Authentication who) {
        PageParams.check(page, size);
        boolean all = Roles.isAdmin(who) || Roles.isAuditor(who);
        return outbox.list(caseId, who.getName(), Teams.of(who), all, page, size);
    }
}
