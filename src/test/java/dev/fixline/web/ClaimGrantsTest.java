package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;

/** What the values of a token's role claim grant, and how the identity provider's settings show. */
class ClaimGrantsTest {

    private static OidcProperties properties(String roleClaim, String secret) {
        return new OidcProperties("https://login.microsoftonline.com/tenant/v2.0", "client-1", secret, List.of(),
                roleClaim, "preferred_username", List.of(
                        new OidcProperties.Mapping("Fixline.Owner.Payments", List.of("OWNER"), List.of("payments")),
                        new OidcProperties.Mapping("Fixline.Owner.Web", List.of("OWNER"), List.of("web")),
                        new OidcProperties.Mapping("Fixline.Auditor", List.of("AUDITOR"), null)));
    }

    private static List<String> granted(Map<String, Object> claims) {
        return new ClaimGrants(properties("roles", "s")).authorities(claims).stream()
                .map(GrantedAuthority::getAuthority).toList();
    }

    @Test
    void mappedValuesGrantTheUnionOfTheirRolesAndTeams() {
        assertThat(granted(Map.of("roles", List.of("Fixline.Owner.Payments", "Fixline.Owner.Web", "Other"))))
                .containsExactly("ROLE_OWNER", "TEAM_payments", "TEAM_web");
        assertThat(granted(Map.of("roles", "Fixline.Auditor"))).as("a single value").containsExactly("ROLE_AUDITOR");
    }

    @Test
    void unmappedOrDifferentlySpelledValuesAndOtherClaimsGrantNothing() {
        assertThat(granted(Map.of("roles", List.of("fixline.owner.payments", "Something")))).isEmpty();
        assertThat(granted(Map.of("groups", List.of("Fixline.Auditor")))).isEmpty();
        assertThat(granted(Map.of())).isEmpty();
    }

    @Test
    void peopleAreNamedByTheNameClaimAndApplicationsBySub() {
        ClaimGrants grants = new ClaimGrants(properties("roles", "s"));
        assertThat(grants.nameClaim(Map.of("preferred_username", "alice@contoso.com", "sub", "x")))
                .isEqualTo("preferred_username");
        assertThat(grants.nameClaim(Map.of("sub", "x"))).isEqualTo("sub");
    }

    @Test
    void audiencesDefaultToWhatEntraIssuesAndTheSecretIsNeverShown() {
        OidcProperties oidc = properties("roles", "very-secret-value");
        assertThat(oidc.acceptedAudiences()).containsExactly("api://client-1", "client-1");
        assertThat(oidc.toString()).doesNotContain("very-secret-value").contains("clientSecret=(set)");
        assertThat(oidc.enabled()).isTrue();
        assertThatThrownBy(() -> new OidcProperties("https://issuer", null, null, List.of(), "roles",
                "preferred_username", List.of())).hasMessageContaining("client-id is required");
        assertThat(new OidcProperties(null, null, null, List.of(), "roles", "preferred_username", List.of()).enabled())
                .isFalse();
    }
}
