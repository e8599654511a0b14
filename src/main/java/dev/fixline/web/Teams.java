package dev.fixline.web;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A person's teams, as their sign-in granted them: authorities {@code TEAM_{team}} beside the
 * {@code ROLE_…} ones, whether from the configured users or from an identity provider's claims.
 */
final class Teams {

    static final String PREFIX = "TEAM_";

    private Teams() {
    }

    /** In alphabetical order: Spring Security keeps some principals' authorities sorted and others not. */
    static List<String> of(Authentication who) {
        if (who == null) {
            return List.of();
        }
        return who.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a != null && a.startsWith(PREFIX)).map(a -> a.substring(PREFIX.length()))
                .distinct().sorted().toList();
    }

    static List<GrantedAuthority> authorities(Collection<String> teams) {
        return teams.stream().map(t -> (GrantedAuthority) new SimpleGrantedAuthority(PREFIX + t)).toList();
    }
}
