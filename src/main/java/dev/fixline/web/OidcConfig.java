package dev.fixline.web;

import java.util.List;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.util.function.SingletonSupplier;

/**
 * The identity provider, when {@code fixline.security.oidc.issuer-uri} is set: the client registration for
 * signing in, and the decoder of API bearer tokens. Both read the provider's discovery document on first
 * use, not at startup, so that Fixline starts (and its configured users sign in) while the provider is
 * unreachable; a failed read is tried again on the next sign-in or token.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OidcConfig.Configured.class)
class OidcConfig {

    /** As {@link OidcProperties#enabled()} says, bound the way the properties are (FIXLINE_SECURITY_OIDC_ISSUERURI…). */
    static class Configured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment()).bind("fixline.security.oidc.issuer-uri", String.class)
                    .map(issuer -> !issuer.isBlank()).orElse(false);
        }
    }

    @Bean
    ClientRegistrationRepository clientRegistrations(OidcProperties oidc) {
        SingletonSupplier<ClientRegistration> registration = SingletonSupplier.of(() -> ClientRegistrations
                .fromIssuerLocation(oidc.issuerUri())
                .registrationId(OidcProperties.REGISTRATION_ID)
                .clientName("Microsoft")
                .clientId(oidc.clientId())
                .clientSecret(oidc.clientSecret())
                // profile: Entra puts preferred_username in the ID token only with it
                .scope("openid", "profile")
                .build());
        return id -> OidcProperties.REGISTRATION_ID.equals(id) ? registration.obtain() : null;
    }

    /** Signature (the provider's JWKS), issuer, expiry and not-before with a minute's skew, and audience. */
    @Bean
    JwtDecoder bearerTokens(OidcProperties oidc) {
        List<String> audiences = oidc.acceptedAudiences();
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(oidc.issuerUri()).build();
            decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<Jwt>(
                    JwtValidators.createDefaultWithIssuer(oidc.issuerUri()),
                    new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                            aud -> aud != null && aud.stream().anyMatch(audiences::contains))));
            return decoder;
        });
    }
}
