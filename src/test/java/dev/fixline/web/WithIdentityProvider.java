package dev.fixline.web;

import dev.fixline.ApplicationTest;
import dev.fixline.MutableClock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one Spring context of the tests that sign in with an identity provider ({@link IdentityProviderStub}),
 * with a clock the tests move. Its groups (the role claim is {@code groups}, as with Entra group ids):
 * platform owners, web owners, managers of both teams, auditors and administrators; any other group grants
 * nothing. The configured users (frank, cloud-ops, …) sign in with passwords as in every other context.
 */
@ApplicationTest
@Import(WithIdentityProvider.Clocks.class)
abstract class WithIdentityProvider {

    static final IdentityProviderStub IDP = IdentityProviderStub.start();
    static final String CLIENT_ID = "5d1c0d2e-0000-4000-8000-00000000f1x1";
    static final String PLATFORM_OWNERS = "0b6c1e7a-platform-owners";
    static final String WEB_OWNERS = "4e2f9a10-web-owners";
    static final String MANAGERS = "9d3a8c55-managers";
    static final String AUDITORS = "77aa0e21-auditors";
    static final String ADMINS = "c0ffee00-admins";

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MutableClock clock() {
            return new MutableClock();
        }
    }

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry r) {
        String p = "fixline.security.oidc.";
        r.add(p + "issuer-uri", IDP::issuer);
        r.add(p + "client-id", () -> CLIENT_ID);
        r.add(p + "client-secret", () -> "stub-secret");
        r.add(p + "role-claim", () -> "groups");
        String[][] mappings = {
                {PLATFORM_OWNERS, "OWNER", "platform"},
                {WEB_OWNERS, "OWNER", "web"},
                {MANAGERS, "MANAGER", "platform,web"},
                {AUDITORS, "AUDITOR", ""},
                {ADMINS, "ADMIN", ""}};
        for (int i = 0; i < mappings.length; i++) {
            String[] m = mappings[i];
            r.add(p + "mappings[" + i + "].value", () -> m[0]);
            r.add(p + "mappings[" + i + "].roles", () -> m[1]);
            r.add(p + "mappings[" + i + "].teams", () -> m[2]);
        }
    }
}
