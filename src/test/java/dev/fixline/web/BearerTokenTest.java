package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.ApplicationTest;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.remediation.CaseDispatcher;
import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.RemediationCases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The API with an Entra access token ({@code Authorization: Bearer}): a token signed with the provider's key,
 * from its issuer, for Fixline's audience and unexpired gets the rights its groups map to; any other is 401
 * problem+json with a Bearer challenge. HTTP Basic keeps working beside it.
 */
@ApplicationTest
class BearerTokenTest extends WithIdentityProvider {

    @LocalServerPort int port;
    @Autowired TestRestTemplate rest;
    @Autowired SweepImporter importer;
    @Autowired CaseDispatcher dispatcher;
    @Autowired RemediationCases cases;
    @Autowired ManagementService management;
    @Autowired TaskService tasks;
    @Autowired ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aValidTokenGetsTheRightsItsGroupsMapTo() throws Exception {
        CaseView platformCase = new PlatformCases(rest, importer, dispatcher, cases, management, tasks, json)
                .open(PlatformCases.Before.OPEN);

        HttpResponse<String> platform = call("/api/cases?size=500", token(claims("erin@contoso.example", PLATFORM_OWNERS)));
        assertThat(platform.statusCode()).isEqualTo(200);
        assertThat(platform.body()).contains(platformCase.id());
        // Entra's v2 access tokens carry the client id as audience; v1 tokens the application id URI.
        Map<String, Object> v2 = claims("erin@contoso.example", PLATFORM_OWNERS);
        v2.put("aud", CLIENT_ID);
        assertThat(call("/api/cases/" + platformCase.id(), token(v2)).statusCode()).isEqualTo(200);

        HttpResponse<String> web = call("/api/cases?size=500", token(claims("frida@contoso.example", WEB_OWNERS)));
        assertThat(web.statusCode()).isEqualTo(200);
        assertThat(web.body()).doesNotContain(platformCase.id());

        assertThat(call("/actuator/metrics", token(claims("erin@contoso.example", PLATFORM_OWNERS))).statusCode())
                .as("an owner is no administrator").isEqualTo(403);
        assertThat(call("/actuator/metrics", token(claims("root@contoso.example", ADMINS))).statusCode())
                .isEqualTo(200);
        assertThat(call("/api/cases", token(claims("guest@contoso.example", "f00d-unmapped-group"))).statusCode())
                .as("no mapped role, no API").isEqualTo(403);
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        Map<String, Object> claims = claims("erin@contoso.example", ADMINS);
        claims.put("aud", "api://some-other-application");
        assertRefused(call("/api/cases", token(claims)));
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        Map<String, Object> claims = claims("erin@contoso.example", ADMINS);
        claims.put("iat", Instant.now().minus(Duration.ofHours(2)));
        claims.put("nbf", Instant.now().minus(Duration.ofHours(2)));
        claims.put("exp", Instant.now().minus(Duration.ofMinutes(5)));
        assertRefused(call("/api/cases", token(claims)));
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
        // The same key id as the provider's: only the signature tells them apart.
        String forged = IDP.token(claims("erin@contoso.example", ADMINS), IdentityProviderStub.newKey(IDP.key.getKeyID()));
        assertRefused(call("/api/cases", forged));
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() throws Exception {
        Map<String, Object> claims = claims("erin@contoso.example", ADMINS);
        claims.put("iss", "https://login.microsoftonline.com/another-tenant/v2.0");
        assertRefused(call("/api/cases", token(claims)));
    }

    @Test
    void basicAndNoCredentialsAreAnsweredAsBefore() throws Exception {
        HttpResponse<String> basic = http.send(HttpRequest.newBuilder(url("/api/cases")).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString("frank:demo".getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(basic.statusCode()).isEqualTo(200);
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(url("/api/cases")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow()).as("as without Entra")
                .startsWith("Basic");
    }

    private void assertRefused(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer")
                .contains("invalid_token");
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode problem = json.readTree(r.body());
        assertThat(problem.path("status").asInt()).isEqualTo(401);
        assertThat(problem.path("title").asText()).isEqualTo("Bearer token refused");
    }

    private static Map<String, Object> claims(String name, String group) {
        Instant now = Instant.now();
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", "sub-" + name);
        claims.put("aud", "api://" + CLIENT_ID);
        claims.put("iat", now);
        claims.put("nbf", now);
        claims.put("exp", now.plus(Duration.ofHours(1)));
        claims.put("preferred_username", name);
        claims.put("groups", List.of(group));
        return claims;
    }

    private static String token(Map<String, Object> claims) {
        return IDP.token(claims, IDP.key);
    }

    private HttpResponse<String> call(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(url(path)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
