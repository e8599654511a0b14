package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The prod profile refuses the local demo users; the embedded default accepts them. */
class ProductionProfileTest {

    private final SecurityConfig config = new SecurityConfig();
    private final PasswordEncoder encoder = config.passwordEncoder();

    private SecurityProperties users(String password) {
        return new SecurityProperties(List.of(new SecurityProperties.User("manager", encoder.encode(password),
                List.of("MANAGER"), List.of("payments"))));
    }

    @Test
    void refusesDemoPasswordsUnderTheProdProfile() {
        MockEnvironment prod = new MockEnvironment();
        prod.setActiveProfiles("prod");
        assertThatThrownBy(() -> config.users(users("demo"), encoder, prod))
                .hasMessageContaining("User 'manager' still has the demo password");
        prod.setProperty("camunda.bpm.admin-user.password", "demo");
        assertThatThrownBy(() -> config.users(users("a-real-secret"), encoder, prod))
                .hasMessageContaining("Camunda administrator still has the demo password");
    }

    @Test
    void acceptsRealPasswordsUnderTheProdProfileAndDemoUsersLocally() {
        MockEnvironment prod = new MockEnvironment();
        prod.setActiveProfiles("prod");
        assertThat(config.users(users("a-real-secret"), encoder, prod).loadUserByUsername("manager")
                .getAuthorities()).extracting(Object::toString).containsExactlyInAnyOrder("ROLE_MANAGER", "TEAM_payments");
        assertThat(config.users(users("demo"), encoder, new MockEnvironment()).loadUserByUsername("manager"))
                .isNotNull();
    }
}
