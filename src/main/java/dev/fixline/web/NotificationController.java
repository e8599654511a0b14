package dev.fixline.web;

import dev.fixline.finding.Page;
import dev.fixline.notification.NotificationOutbox;
import dev.fixline.notification.SentNotification;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

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
                                @RequestParam(defaultValue = "" + PageParams.DEFAULT_SIZE) int size) {
        PageParams.check(page, size);
        return outbox.list(caseId, page, size);
    }
}
