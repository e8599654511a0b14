package dev.fixline.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a password sign-in while {@link SignInAttempts} says its user name or client address must wait,
 * before the password is checked: the login form goes back to the login page ({@code /login?locked}), an
 * HTTP Basic request gets 429 problem+json with {@code Retry-After}. Not a bean: Spring Boot would add a
 * filter bean to every request a second time, outside the security chains.
 */
class SignInLimitFilter extends OncePerRequestFilter {

    private static final RequestMatcher FORM_LOGIN = PathPatternRequestMatcher.withDefaults()
            .matcher(HttpMethod.POST, "/login");

    private final SignInAttempts attempts;
    private final ObjectMapper json;

    SignInLimitFilter(SignInAttempts attempts, ObjectMapper json) {
        this.attempts = attempts;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean form = FORM_LOGIN.matches(request);
        String user = form ? request.getParameter("username") : basicUser(request);
        Optional<Duration> wait = user == null ? Optional.empty() : attempts.waitFor(user, request.getRemoteAddr());
        if (wait.isEmpty()) {
            chain.doFilter(request, response);
        } else if (form) {
            response.sendRedirect(request.getContextPath() + "/login?locked");
        } else {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, "too many failed "
                    + "sign-ins for this user name or from this address; try again in " + seconds + " seconds");
            p.setTitle("Sign-in paused");
            p.setType(URI.create("https://fixline.dev/problems/sign-in-paused"));
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            json.writeValue(response.getOutputStream(), p);
        }
    }

    /** The user name of HTTP Basic credentials; null without them or when they cannot be read. */
    private static String basicUser(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null; // Spring's Basic filter answers malformed credentials itself
        }
    }
}
