package dev.fixline.web;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.ApplicationTest;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.remediation.CaseDispatcher;
import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.RemediationCases;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Signing in with Microsoft Entra ID, browserless, against {@link IdentityProviderStub}: Fixline sends the
 * browser to the provider's authorize URL, the provider sends it back with a code, Fixline redeems the code
 * for an ID token and signs the person in with the roles and teams its groups map to.
 */
@ApplicationTest
class EntraSignInTest extends WithIdentityProvider {

    @LocalServerPort int port;
    @Autowired TestRestTemplate rest;
    @Autowired SweepImporter importer;
    @Autowired CaseDispatcher dispatcher;
    @Autowired RemediationCases cases;
    @Autowired ManagementService management;
    @Autowired TaskService tasks;
    @Autowired ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient(); // follows no redirects, keeps no cookies

    @Test
    void theLoginPageOffersMicrosoftBesideThePasswordForm() throws Exception {
        HttpResponse<String> page = get("/login", null);
        assertThat(page.body()).contains("Sign in with Microsoft").contains("href=\"/oauth2/authorization/entra\"")
                .contains("id=\"password\"");
    }

    @Test
    void peopleGetTheRolesAndTeamsTheirGroupsMapTo() throws Exception {
        CaseView platformCase = new PlatformCases(rest, importer, dispatcher, cases, management, tasks, json)
                .open(PlatformCases.Before.OPEN);

        String alice = signIn("alice@contoso.example", PLATFORM_OWNERS, "f00d-unmapped-group");
        assertThat(get("/api/cases?size=500", alice).body()).as("a platform owner sees platform's case")
                .contains(platformCase.id());
        assertThat(get("/manager", alice).statusCode()).as("an owner has no dashboard").isEqualTo(403);
        assertThat(get("/", alice).headers().firstValue("Location").orElseThrow()).as("an owner starts on their cases")
                .endsWith("/cases");
        assertThat(get("/cases?view=all", alice).body()).as("and their team's, on the page too")
                .contains(platformCase.id());

        String bob = signIn("bob@contoso.example", WEB_OWNERS);
        HttpResponse<String> bobsCases = get("/api/cases?size=500", bob);
        assertThat(bobsCases.statusCode()).isEqualTo(200);
        assertThat(bobsCases.body()).as("a web owner does not see platform's case").doesNotContain(platformCase.id());
        assertThat(get("/api/cases/" + platformCase.id(), bob).statusCode()).isEqualTo(404);

        String carol = signIn("carol@contoso.example", MANAGERS);
        assertThat(get("/manager", carol).statusCode()).as("a manager reaches the dashboard").isEqualTo(200);
        assertThat(get("/api/cases?size=500", carol).body()).contains(platformCase.id());
    }

    @Test
    void someoneWhoseGroupsMapToNoRoleReachesNothing() throws Exception {
        String dave = signIn("dave@contoso.example", "f00d-unmapped-group");
        assertThat(get("/", dave).statusCode()).isEqualTo(403);
        assertThat(get("/api/cases", dave).statusCode()).isEqualTo(403);
    }

    @Test
    void anIdTokenForAnotherRequestIsRefused() throws Exception {
        Redirect toProvider = startSignIn();
        Map<String, Object> claims = idTokenClaims("mallory@contoso.example", List.of(ADMINS), "another-nonce");
        IDP.answerCodesWith(IDP.token(claims, IDP.key));
        HttpResponse<String> back = get("/login/oauth2/code/entra?code=stolen&state=" + toProvider.query.get("state"),
                toProvider.session);
        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(back.headers().firstValue("Location").orElseThrow()).endsWith("/login?signin-failed");
        String session = SignInHardeningTest.session(back).orElse(toProvider.session);
        assertThat(get("/api/cases", session).statusCode()).isEqualTo(401);
    }

    @Test
    void anIdTokenForAnotherApplicationIsRefused() throws Exception {
        Redirect toProvider = startSignIn();
        Map<String, Object> claims = idTokenClaims("mallory@contoso.example", List.of(ADMINS),
                toProvider.query.get("nonce"));
        claims.put("aud", "some-other-application");
        IDP.answerCodesWith(IDP.token(claims, IDP.key));
        HttpResponse<String> back = get("/login/oauth2/code/entra?code=c&state=" + toProvider.query.get("state"),
                toProvider.session);
        assertThat(back.headers().firstValue("Location").orElseThrow()).endsWith("/login?signin-failed");
        assertThat(get("/login?signin-failed", null).body()).contains("Sign-in with\n    Microsoft did not succeed");
    }

    /** The whole flow; the session cookie of the person signed in. */
    private String signIn(String name, String... groups) throws Exception {
        Redirect toProvider = startSignIn();
        String code = "code-" + name.replaceAll("[^a-z]", "-");
        IDP.answerCodesWith(IDP.token(idTokenClaims(name, List.of(groups), toProvider.query.get("nonce")), IDP.key));
        HttpResponse<String> back = get("/login/oauth2/code/entra?code=" + code + "&state="
                + toProvider.query.get("state"), toProvider.session);
        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(back.headers().firstValue("Location").orElseThrow()).doesNotContain("/login");
        IDP.server().verify(postRequestedFor(urlPathEqualTo(IdentityProviderStub.TOKEN_PATH))
                .withRequestBody(containing("code=" + code)));
        String session = SignInHardeningTest.session(back).orElseThrow();
        assertThat(session).as("signing in changes the session id").isNotEqualTo(toProvider.session);
        return session;
    }

    private record Redirect(String session, Map<String, String> query) {
    }

    private Redirect startSignIn() throws Exception {
        HttpResponse<String> start = get("/oauth2/authorization/entra", null);
        assertThat(start.statusCode()).isEqualTo(302);
        URI location = URI.create(start.headers().firstValue("Location").orElseThrow());
        assertThat(location.toString()).startsWith(IDP.authorizeUrl() + "?");
        Map<String, String> query = Arrays.stream(location.getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
        assertThat(query).containsEntry("client_id", CLIENT_ID).containsEntry("response_type", "code")
                .containsKeys("state", "nonce")
                .containsEntry("redirect_uri", "http://localhost:" + port + "/login/oauth2/code/entra");
        assertThat(query.get("scope")).contains("openid");
        return new Redirect(SignInHardeningTest.session(start).orElseThrow(), query);
    }

    static Map<String, Object> idTokenClaims(String name, List<String> groups, String nonce) {
        Instant now = Instant.now();
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", "sub-" + name);
        claims.put("aud", CLIENT_ID);
        claims.put("iat", now);
        claims.put("exp", now.plus(Duration.ofHours(1)));
        claims.put("nonce", nonce);
        claims.put("preferred_username", name);
        claims.put("groups", groups);
        return claims;
    }

    private HttpResponse<String> get(String path, String session) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "text/html,application/json");
        if (session != null) {
            b.header("Cookie", "JSESSIONID=" + session);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
