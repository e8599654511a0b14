package dev.fixline.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requests a scanner or an attacker sends rather than a user: paths the security firewall refuses
 * ({@code //engine-rest/task}, {@code /engine-rest;a=b/task}, an encoded {@code %65}) and {@code /error}
 * asked for directly. Each gets a 4xx problem and one WARN line, not a 500 and a stack trace.
 */
@Configuration
class OddRequests {

    private static final Logger log = LoggerFactory.getLogger(OddRequests.class);
    /** A percent-encoded unreserved character (RFC 3986 §2.3): {@code %65} for {@code e}. */
    private static final Pattern ENCODED_UNRESERVED = Pattern.compile(
            "%(?:3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa]|2[DdEe]|5[Ff]|7[Ee])");

    /**
     * Before any other filter: Camunda's REST servlet and Spring's path parsing fail on some of these
     * paths (a {@code ;} before the servlet's path) before Spring Security's firewall would see them. So
     * the firewall's rules run here first, and {@code /error} asked for directly (where the container
     * forwards failures; there is nothing of its own there) is a 404.
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> oddRequestFilter(ObjectMapper json) {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                try {
                    firewall.getFirewalledRequest(request);
                } catch (RequestRejectedException e) {
                    log.warn("Refused a request to an odd path ({}): {}", request.getMethod(), e.getMessage());
                    write(json, response, HttpStatus.BAD_REQUEST, "Request rejected", "the request was refused: "
                            + e.getMessage(), request);
                    return;
                }
                if (ENCODED_UNRESERVED.matcher(request.getRequestURI()).find()) {
                    // No client needs to encode a letter or digit; it only hides a path from a rule.
                    log.warn("Refused a request to an odd path ({}): a letter or digit percent-encoded",
                            request.getMethod());
                    write(json, response, HttpStatus.BAD_REQUEST, "Request rejected", "the request was refused: "
                            + "its path percent-encodes a letter, digit or one of - . _ ~", request);
                    return;
                }
                if ("/error".equals(request.getRequestURI())) {
                    write(json, response, HttpStatus.NOT_FOUND, "Not found", "/error is not a page of its own",
                            request);
                    return;
                }
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

    private static void write(ObjectMapper json, HttpServletResponse response, HttpStatus status, String title,
                              String detail, HttpServletRequest request) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setInstance(URI.create(request.getRequestURI().replaceAll("[^A-Za-z0-9/._~-]", "_")));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
