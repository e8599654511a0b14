package dev.fixline.web;

import java.util.Arrays;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/** HTTP Basic for everything but health; administrators alone reach Camunda's apps and REST API. */
@Configuration
class SecurityConfig {

    static final String DEMO_PASSWORD = "demo";

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // Jira cannot log in: the webhook is authenticated by its HMAC signature instead.
                        .requestMatchers(HttpMethod.POST, "/api/webhooks/jira").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/cases/*/exception-decision").hasAnyRole("ADMIN", "MANAGER")
                        .requestMatchers(HttpMethod.POST, "/api/tickets/reconciliation").hasRole("ADMIN")
                        .requestMatchers("/camunda/**", "/engine-rest/**", "/actuator/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/sweeps/arg").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/sweeps").hasAnyRole("ADMIN", "MANAGER")
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                // /api accepts only JSON and CSV bodies, which a cross-site form cannot send without a CORS
                // preflight; Camunda's webapps bring their own CSRF protection. /engine-rest also takes
                // multipart forms (deployments), so it keeps Spring's CSRF check against a browser that
                // still holds an administrator's Basic credentials.
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/**", "/camunda/**"))
                .headers(h -> h.frameOptions(f -> f.sameOrigin()));
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(SecurityProperties properties, PasswordEncoder encoder, Environment environment) {
        boolean production = Arrays.asList(environment.getActiveProfiles()).contains("prod");
        if (production && DEMO_PASSWORD.equals(environment.getProperty("camunda.bpm.admin-user.password"))) {
            throw new IllegalStateException("The Camunda administrator still has the demo password; the prod "
                    + "profile refuses to start with it (set camunda.bpm.admin-user.password)");
        }
        List<UserDetails> users = properties.users().stream().map(u -> {
            if (production && encoder.matches(DEMO_PASSWORD, u.password())) {
                throw new IllegalStateException("User '" + u.name() + "' still has the demo password; the prod "
                        + "profile refuses to start with demo users (set fixline.security.users)");
            }
            return User.withUsername(u.name()).password(u.password())
                    .roles(u.roles().toArray(String[]::new)).build();
        }).toList();
        return new InMemoryUserDetailsManager(users);
    }
}
