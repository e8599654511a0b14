package dev.fixline.web;

import dev.fixline.remediation.CaseQuery;
import dev.fixline.remediation.CaseView;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who may see and act on a case. Acting: its owner, members of its team, its manager (or a manager of its
 * team), and administrators; everyone else gets 403. Seeing: the same people, plus auditors, who see
 * everything; reading a case out of sight is answered as if it did not exist (404).
 */
@Component
class CaseRights {

    private final SecurityProperties users;

    CaseRights(SecurityProperties users) {
        this.users = users;
    }

    /** What the person may list; null: everything (auditors, administrators). */
    CaseQuery.Visibility visibility(Authentication who) {
        return seesAll(who) ? null : new CaseQuery.Visibility(who.getName(), teams(who));
    }

    boolean mayRead(Authentication who, CaseView c) {
        return seesAll(who) || concerns(who, c);
    }

    /** A case out of the person's sight, or that does not exist: 404 either way. */
    CaseView readable(Authentication who, CaseView c) {
        if (!mayRead(who, c)) {
            throw new NotFoundException("Case", c.id());
        }
        return c;
    }

    void mayAct(Authentication who, CaseView c, String action) {
        if (!Roles.isAdmin(who) && !concerns(who, c)) {
            throw new ForbiddenException("only the case's owner " + c.owner() + ", members of its team " + c.team()
                    + ", its manager " + c.manager() + " or an administrator may " + action + " case " + c.id());
        }
    }

    private boolean concerns(Authentication who, CaseView c) {
        String me = who.getName();
        return me.equals(c.owner()) || me.equals(c.manager()) || c.team() != null && teams(who).contains(c.team());
    }

    private List<String> teams(Authentication who) {
        return users.teamsOf(who.getName());
    }

    private static boolean seesAll(Authentication who) {
        return Roles.isAdmin(who) || Roles.isAuditor(who);
    }
}
