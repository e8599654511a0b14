package dev.fixline.web;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** The roles of DESIGN §6 as Spring Security grants them ({@code ROLE_…}). */
final class Roles {

    /** Every Fixline role: a signed-in identity with none of them reaches no page and no endpoint. */
    static final String[] ALL = {"OWNER", "MANAGER", "AUDITOR", "ADMIN"};

    private Roles() {
    }

    static List<GrantedAuthority> authorities(Collection<String> roles) {
        return roles.stream().map(r -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + r)).toList();
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

    /** An auditor and nothing more: reads everything, changes nothing, whatever teams a sign-in grants. */
    static boolean isAuditorOnly(Authentication who) {
        return isAuditor(who) && !isManager(who) && !has(who, "OWNER");
    }
}
