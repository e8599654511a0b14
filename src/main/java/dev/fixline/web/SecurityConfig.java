package dev.fixline.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Two filter chains. Machines (the REST API, Camunda's REST API, actuator, the OpenAPI document) use HTTP
 * Basic, or a bearer token when an identity provider is configured ({@link OidcProperties}), and get 401
 * without; people in a browser get a login form (and "Sign in with Microsoft"), and a session, for everything
 * else. Administrators alone reach Camunda's apps and REST API; a signed-in identity without a Fixline role
 * reaches nothing. Failed password sign-ins are limited ({@link SignInAttempts}).
 */
@Configuration
class SecurityConfig {

    static final String DEMO_PASSWORD = "demo";
    /** The UI's pages load scripts and styles from Fixline only; no inline script runs. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";
    /**
     * The case page's (also when a refused form shows it again at the form's address): bpmn-js sizes the process
     * picture through style attributes. Those cannot run script; style sheets and scripts stay Fixline's own.
     */
    static final String CASE_PAGE_POLICY = CONTENT_SECURITY_POLICY + "; style-src-attr 'unsafe-inline'";
    /** Links to other sites (NVD, Jira) do not tell them which case or page they came from. */
    static final ReferrerPolicy REFERRER_POLICY = ReferrerPolicy.SAME_ORIGIN;

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, OidcProperties oidc, ClaimGrants grants, SignInAttempts attempts,
                            ObjectMapper json) throws Exception {
        http.securityMatcher(paths("/api/**", "/engine-rest/**", "/actuator/**", "/v3/api-docs", "/v3/api-docs/**",
                        "/v3/api-docs.yaml"))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // Jira cannot log in: the webhook is authenticated by its HMAC signature instead.
                        .requestMatchers(HttpMethod.POST, "/api/webhooks/jira").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/tickets/reconciliation").hasRole("ADMIN")
                        .requestMatchers("/engine-rest/**", "/actuator/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/sweeps/arg", "/api/sweeps/*/withdrawal").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/sweeps").hasAnyRole("ADMIN", "MANAGER")
                        .anyRequest().hasAnyRole(Roles.ALL))
                // No login form here: a client without credentials gets 401 and a challenge. A browser
                // signed in to the UI is recognised by its session, so links from the UI to the API work.
                .httpBasic(Customizer.withDefaults())
                .addFilterBefore(new SignInLimitFilter(attempts, json), BasicAuthenticationFilter.class)
                // An API call is never where a browser should land after signing in.
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                // /api accepts only JSON and CSV bodies, which a cross-site form cannot send without a CORS
                // preflight; Camunda's webapps bring their own CSRF protection. /engine-rest also takes
                // multipart forms (deployments), so it keeps Spring's CSRF check against a browser that
                // still holds an administrator's Basic credentials.
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/**", "/camunda/**"))
                .headers(h -> h.frameOptions(f -> f.sameOrigin()).referrerPolicy(r -> r.policy(REFERRER_POLICY)));
        if (oidc.enabled()) {
            http.oauth2ResourceServer(rs -> rs.jwt(jwt -> jwt.jwtAuthenticationConverter(grants::bearer))
                    .authenticationEntryPoint(new BearerTokenProblems(json)));
        }
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain ui(HttpSecurity http, OidcProperties oidc, ClaimGrants grants, SignInAttempts attempts,
                           ObjectMapper json) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/error", "/css/**", "/js/**", "/webjars/**", "/favicon.ico")
                        .permitAll()
                        .requestMatchers("/camunda/**").hasRole("ADMIN")
                        // Auditors read the dashboard; deciding from it is for managers and administrators.
                        .requestMatchers(HttpMethod.GET, "/manager").hasAnyRole("MANAGER", "ADMIN", "AUDITOR")
                        .requestMatchers("/manager", "/manager/**").hasAnyRole("MANAGER", "ADMIN")
                        // Search and export: auditors and administrators every case, managers their teams'.
                        .requestMatchers("/audit", "/audit/**").hasAnyRole("MANAGER", "ADMIN", "AUDITOR")
                        .requestMatchers(HttpMethod.POST, "/sweeps/upload").hasAnyRole("MANAGER", "ADMIN")
                        .requestMatchers(HttpMethod.POST, "/sweeps/arg").hasRole("ADMIN")
                        .anyRequest().hasAnyRole(Roles.ALL))
                .formLogin(form -> form.loginPage("/login"))
                // Scripts and command-line users may still send Basic credentials to a page.
                .httpBasic(Customizer.withDefaults())
                .addFilterBefore(new SignInLimitFilter(attempts, json), UsernamePasswordAuthenticationFilter.class)
                // A session id seen before signing in (planted by someone else) is worthless after it.
                .sessionManagement(session -> session.sessionFixation(f -> f.changeSessionId()))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                // Fixline's own forms carry Spring's CSRF token (Thymeleaf adds it); Camunda's webapps bring
                // their own protection.
                .csrf(csrf -> csrf.ignoringRequestMatchers("/camunda/**"))
                .headers(h -> h.frameOptions(f -> f.sameOrigin()).referrerPolicy(r -> r.policy(REFERRER_POLICY))
                        // Camunda's webapps send a policy of their own.
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                new NegatedRequestMatcher(paths("/camunda/**", "/cases/*", "/cases/*/*")),
                                new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(paths("/cases/*", "/cases/*/*"),
                                new ContentSecurityPolicyHeaderWriter(CASE_PAGE_POLICY))));
        if (oidc.enabled()) {
            http.oauth2Login(login -> login.loginPage("/login").failureUrl("/login?signin-failed")
                    .userInfoEndpoint(user -> user.oidcUserService(grants::signedIn)));
        }
        return http.build();
    }

    /**
     * Paths matched within the application, whichever servlet serves them: {@code /engine-rest} is Camunda's
     * Jersey servlet, where a pattern given as a string would be matched against the path within that servlet.
     */
    private static RequestMatcher paths(String... patterns) {
        return new OrRequestMatcher(Arrays.stream(patterns)
                .map(p -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(p)).toList());
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
            // Teams are authorities too (Teams.of), as for people signed in with the identity provider.
            List<GrantedAuthority> authorities = new ArrayList<>(Roles.authorities(u.roles()));
            authorities.addAll(Teams.authorities(u.teams()));
            return User.withUsername(u.name()).password(u.password()).authorities(authorities).build();
        }).toList();
        return new InMemoryUserDetailsManager(users);
    }
}
