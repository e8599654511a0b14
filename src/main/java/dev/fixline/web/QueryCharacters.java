package dev.fixline.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.limits.ControlCharacters;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A query parameter holding a control character other than TAB, CR and LF ({@code ?owner=%00}) is refused
 * with a 400 naming it, before anything reads it: PostgreSQL refuses a NUL even in a query's parameter, and no
 * filter, page number or name of Fixline holds one. Form bodies are checked where they are read.
 */
@Configuration
class QueryCharacters {

    private static final Logger log = LoggerFactory.getLogger(QueryCharacters.class);

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> queryCharacterFilter(ObjectMapper json) {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                String fault = fault(request.getQueryString());
                if (fault != null) {
                    log.warn("Refused a request ({} {}): {}", request.getMethod(), request.getRequestURI(), fault);
                    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, fault);
                    problem.setTitle("Invalid request parameter");
                    response.setStatus(HttpStatus.BAD_REQUEST.value());
                    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                    json.writeValue(response.getOutputStream(), problem);
                    return;
                }
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

    /** Why the query cannot be taken, or null. Parameters that do not decode are left to the container. */
    static String fault(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = decoded(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decoded(pair.substring(eq + 1));
            if (name == null || value == null) {
                continue;
            }
            String shown = name.length() <= 64 ? ControlCharacters.oneLine(name) : "a parameter";
            if (ControlCharacters.inText(name) >= 0) {
                return "the name of " + shown + " " + ControlCharacters.describe(name, ControlCharacters.inText(name));
            }
            if (ControlCharacters.inText(value) >= 0) {
                return shown + ": " + ControlCharacters.describe(value, ControlCharacters.inText(value));
            }
        }
        return null;
    }

    private static String decoded(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
