package dev.fixline.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * A refused bearer token (bad signature, issuer or audience, expired) answered as the rest of the API
 * answers errors: problem+json, beside the {@code WWW-Authenticate: Bearer error="invalid_token"} header
 * of RFC 6750.
 */
class BearerTokenProblems implements AuthenticationEntryPoint {

    private final BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
    private final ObjectMapper json;

    BearerTokenProblems(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        challenge.commence(request, response, e);
        HttpStatus status = HttpStatus.valueOf(response.getStatus());
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, "the bearer token was refused: " + e.getMessage());
        p.setTitle("Bearer token refused");
        p.setType(URI.create("https://fixline.dev/problems/bearer-token-refused"));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        json.writeValue(response.getOutputStream(), p);
    }
}
