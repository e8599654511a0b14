package dev.fixline.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in with an OpenID Connect provider (Microsoft Entra ID) and bearer tokens for the API. Off while
 * {@code issuer-uri} is unset: then only the configured users sign in, with a form or HTTP Basic.
 *
 * @param issuerUri the provider's issuer, for Entra {@code https://login.microsoftonline.com/{tenant id}/v2.0};
 *                  its {@code /.well-known/openid-configuration} must name the same issuer
 * @param clientId the application (client) id of the app registration
 * @param clientSecret the app registration's client secret
 * @param audiences what an API token's {@code aud} must hold one of; none: {@code api://{client id}} or the
 *                  client id, as Entra issues them
 * @param roleClaim the claim whose values the mappings name: {@code roles} (app roles) or {@code groups}
 *                  (group object ids)
 * @param nameClaim the claim that names the person, as ownership rules and approver lists name them; a token
 *                  without it (an application's own token) is named by {@code sub}
 * @param mappings what each value of the role claim grants; a value not mapped here grants nothing
 */
@ConfigurationProperties("fixline.security.oidc")
public record OidcProperties(
        String issuerUri,
        String clientId,
        String clientSecret,
        @DefaultValue List<String> audiences,
        @DefaultValue("roles") String roleClaim,
        @DefaultValue("preferred_username") String nameClaim,
        @DefaultValue List<Mapping> mappings) {

    /** The registration id: the redirect URI is {@code {base-url}/login/oauth2/code/entra}. */
    public static final String REGISTRATION_ID = "entra";

    public OidcProperties {
        audiences = List.copyOf(audiences);
        mappings = List.copyOf(mappings);
        if (issuerUri != null && !issuerUri.isBlank() && (clientId == null || clientId.isBlank())) {
            throw new IllegalArgumentException("fixline.security.oidc.client-id is required with an issuer-uri");
        }
    }

    /** A value of the role claim (an app role's value or a group's object id) and what it grants. */
    public record Mapping(String value, List<String> roles, List<String> teams) {

        public Mapping {
            roles = roles == null ? List.of() : List.copyOf(roles);
            teams = teams == null ? List.of() : List.copyOf(teams);
        }
    }

    public boolean enabled() {
        return issuerUri != null && !issuerUri.isBlank();
    }

    /** No secret ever: the client secret is shown only as set or not. */
    @Override
    public String toString() {
        return "OidcProperties[issuerUri=" + issuerUri + ", clientId=" + clientId + ", clientSecret="
                + (clientSecret == null || clientSecret.isBlank() ? "(not set)" : "(set)") + ", audiences=" + audiences
                + ", roleClaim=" + roleClaim + ", nameClaim=" + nameClaim + ", mappings=" + mappings + "]";
    }

    /** The audiences an API token may carry. */
    public List<String> acceptedAudiences() {
        return audiences.isEmpty() ? List.of("api://" + clientId, clientId) : audiences;
    }
}
