package dev.fixline.web;

import dev.fixline.remediation.CaseView;
import org.springframework.security.core.Authentication;

/** Who may act on a case: its owner, a manager or an administrator; everyone else gets 403. */
final class CaseRights {

    private CaseRights() {
    }

    static void mayAct(Authentication who, CaseView c, String action) {
        if (!Roles.isManager(who) && !who.getName().equals(c.owner())) {
            throw new ForbiddenException("only the case's owner " + c.owner() + ", a manager or an administrator "
                    + "may " + action + " case " + c.id());
        }
    }
}
