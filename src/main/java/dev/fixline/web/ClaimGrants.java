package dev.fixline.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * What an identity provider's token grants in Fixline: the roles and teams that {@code fixline.security.oidc
 * .mappings} give the values of its role claim (app roles or group ids), as {@code ROLE_…} and
 * {@code TEAM_…} authorities; and the person's name. The same for a signed-in person's ID token and for an
 * API bearer token, so that both see the same cases.
 */
@Component
class ClaimGrants {

    private final OidcProperties properties;

    ClaimGrants(OidcProperties properties) {
        this.properties = properties;
    }

    /**
     * The person signed in with the provider, from the ID token alone: Entra's user info endpoint tells no
     * more than the token does, and would need a token for Microsoft Graph.
     */
    OidcUser signedIn(OidcUserRequest request) {
        OidcIdToken token = request.getIdToken();
        return new DefaultOidcUser(authorities(token.getClaims()), token, nameClaim(token.getClaims()));
    }

    /** The caller of the API with a bearer token (whose signature, issuer, audience and times are checked). */
    AbstractAuthenticationToken bearer(Jwt token) {
        return new JwtAuthenticationToken(token, authorities(token.getClaims()),
                token.getClaimAsString(nameClaim(token.getClaims())));
    }

    Collection<GrantedAuthority> authorities(Map<String, Object> claims) {
        Set<String> values = claimValues(claims.get(properties.roleClaim()));
        Set<String> roles = new LinkedHashSet<>();
        Set<String> teams = new LinkedHashSet<>();
        for (OidcProperties.Mapping m : properties.mappings()) {
            if (values.contains(m.value())) {
                roles.addAll(m.roles());
                teams.addAll(m.teams());
            }
        }
        List<GrantedAuthority> authorities = new ArrayList<>(Roles.authorities(roles));
        authorities.addAll(Teams.authorities(teams));
        return authorities;
    }

    /** The claim naming the person; {@code sub} when the token lacks it (an application's own token has no user name). */
    String nameClaim(Map<String, Object> claims) {
        Object name = claims.get(properties.nameClaim());
        return name instanceof String s && !s.isBlank() ? properties.nameClaim() : "sub";
    }

    private static Set<String> claimValues(Object claim) {
        Set<String> values = new LinkedHashSet<>();
        if (claim instanceof Collection<?> many) {
            many.forEach(v -> values.add(String.valueOf(v)));
        } else if (claim != null) {
            values.add(String.valueOf(claim));
        }
        return values;
    }
}
