package dev.fixline.web;

import dev.fixline.remediation.CaseQuery;
import dev.fixline.remediation.RemediationCases;
import dev.fixline.remediation.CaseView;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who may see and act on a case. Acting: its owner, members of its team, its manager (or a manager of its
 * team), and administrators; everyone else gets 403. Seeing: the same people, plus auditors, who see
 * everything, and an approver while a decision on the case waits for them; reading a case out of sight is
 * answered as if it did not exist (404).
 */
@Component
class CaseRights {

    private final RemediationCases cases;

    CaseRights(RemediationCases cases) {
        this.cases = cases;
    }

    /** What the person may list; null: everything (auditors, administrators). */
    CaseQuery.Visibility visibility(Authentication who) {
        return Roles.seesEverything(who) ? null : new CaseQuery.Visibility(who.getName(), teams(who));
    }

    /** Also an approver while a decision on the case waits for them: the mail asking them links the case. */
    boolean mayRead(Authentication who, CaseView c) {
        return Roles.seesEverything(who) || concerns(who, c) || cases.awaitsDecisionFrom(c, who.getName());
    }

    /** A case out of the person's sight, or that does not exist: 404 either way. */
    CaseView readable(Authentication who, CaseView c) {
        if (!mayRead(who, c)) {
            throw new NotFoundException("Case", c.id());
        }
        return c;
    }

    /** Whether the person may act on the case: its owner, its team, its manager, an administrator. */
    boolean mayActOn(Authentication who, CaseView c) {
        return Roles.isAdmin(who) || !Roles.isAuditorOnly(who) && concerns(who, c);
    }

    void mayAct(Authentication who, CaseView c, String action) {
        if (!mayActOn(who, c)) {
            throw new ForbiddenException("only the case's owner " + c.owner() + ", members of its team " + c.team()
                    + ", its manager " + c.manager() + " or an administrator may " + action + " case " + c.id());
        }
    }

    private boolean concerns(Authentication who, CaseView c) {
        return concerns(who.getName(), teams(who), c.owner(), c.team(), c.manager());
    }

    /**
     * Whether something owned by {@code owner} in {@code team} and managed by {@code manager} is the
     * person's: their own, one they manage, or one of their teams'. The one rule for cases and findings.
     */
    static boolean concerns(String me, List<String> myTeams, String owner, String team, String manager) {
        return me.equals(owner) || me.equals(manager) || team != null && myTeams.contains(team);
    }

    private static List<String> teams(Authentication who) {
        return Teams.of(who);
    }
}
