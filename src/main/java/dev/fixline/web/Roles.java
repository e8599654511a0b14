package dev.fixline.web;

import org.springframework.security.core.Authentication;

/** The roles of DESIGN §6 as Spring Security grants them ({@code ROLE_…}). */
final class Roles {

    private Roles() {
    }

    private static boolean has(Authentication who, String role) {
        return who != null && who.getAuthorities().stream().anyMatch(a -> ("ROLE_" + role).equals(a.getAuthority()));
    }

    static boolean isAuditor(Authentication who) {
        return has(who, "AUDITOR");
    }

    static boolean isAdmin(Authentication who) {
        return has(who, "ADMIN");
    }

    /** Who sees every case, finding and team: auditors and administrators; everyone else sees their teams'. */
    static boolean seesEverything(Authentication who) {
        return isAdmin(who) || isAuditor(who);
    }

    /** Who decides exception requests from the manager's dashboard. */
    static boolean isManager(Authentication who) {
        return has(who, "MANAGER") || has(who, "ADMIN");
    }

    /** Who sees the manager's dashboard: managers, administrators, and auditors, who only read it. */
    static boolean seesDashboard(Authentication who) {
        return isManager(who) || isAuditor(who);
    }

    /** An owner and nothing more: their list opens on their own cases. */
    static boolean isOwnerOnly(Authentication who) {
        return !seesDashboard(who) && !isAdmin(who);
    }
}
