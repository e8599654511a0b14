package dev.fixline.web;

import dev.fixline.audit.AuditVerification;
import dev.fixline.audit.ChainReport;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The governance log's chain, checked: for auditors and administrators. */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    private final AuditVerification verification;

    AuditController(AuditVerification verification) {
        this.verification = verification;
    }

    /** The whole chain, or the places {@code from} to {@code to}; names the first event not as it was sealed. */
    @GetMapping("/verify")
    ChainReport verify(@RequestParam(required = false) Long from, @RequestParam(required = false) Long to,
                       Authentication who) {
        if (!Roles.seesEverything(who)) {
            throw new ForbiddenException("the audit chain is checked by auditors and administrators");
        }
        if (from != null && from < 1 || to != null && to < 1 || from != null && to != null && to < from) {
            throw new BadRequestException(from != null && from < 1 ? "from" : "to",
                    "places in the chain start at 1, and 'to' may not come before 'from'");
        }
        return verification.verify(from, to);
    }
}
