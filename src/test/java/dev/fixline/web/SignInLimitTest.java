package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.ApplicationTest;
import dev.fixline.MutableClock;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Password guessing is paused: after 5 failed sign-ins for a user name (from any addresses), or 20 from one
 * address (for any names), even the right password is refused for the rest of the 15 minutes that began with
 * the first failure: the login form says so, HTTP Basic gets 429 problem+json with Retry-After. A successful
 * sign-in clears the user name's count. Addresses are the clients' as a proxy reports them
 * ({@code X-Forwarded-For}, trusted from internal addresses such as this test's).
 */
@ApplicationTest
class SignInLimitTest extends WithIdentityProvider {

    @LocalServerPort int port;
    @Autowired MutableClock clock;
    @Autowired ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();
    private Instant start;
    private int addresses;

    @BeforeEach
    void startClock() {
        start = Instant.now();
        clock.set(start);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void basicIsRefusedWith429AfterFiveFailuresForOneUserUntilTheWindowEnds() throws Exception {
        for (int i = 1; i <= 5; i++) {
            assertThat(basic("frank", "guess-" + i, nextAddress()).statusCode()).as("failure " + i).isEqualTo(401);
        }
        HttpResponse<String> paused = basic("frank", "demo", nextAddress());
        assertThat(paused.statusCode()).isEqualTo(429);
        assertThat(paused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(paused.headers().firstValue("Retry-After")).hasValue("900");
        JsonNode problem = json.readTree(paused.body());
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        assertThat(problem.path("detail").asText()).contains("too many failed sign-ins");
        assertThat(basic("cloud-ops", "demo", nextAddress()).statusCode()).as("other users sign in").isEqualTo(200);

        clock.set(start.plus(Duration.ofMinutes(10)));
        assertThat(basic("frank", "demo", nextAddress()).headers().firstValue("Retry-After")).hasValue("300");
        clock.set(start.plus(Duration.ofMinutes(15)));
        assertThat(basic("frank", "demo", nextAddress()).statusCode()).as("the window is over").isEqualTo(200);
    }

    @Test
    void aSuccessfulSignInClearsTheUsersCount() throws Exception {
        for (int i = 1; i <= 4; i++) {
            assertThat(basic("secops-triage", "guess-" + i, nextAddress()).statusCode()).isEqualTo(401);
        }
        assertThat(basic("secops-triage", "demo", nextAddress()).statusCode()).isEqualTo(200);
        for (int i = 1; i <= 4; i++) {
            assertThat(basic("SECOPS-TRIAGE", "guess-" + i, nextAddress()).statusCode()).isEqualTo(401);
        }
        assertThat(basic("secops-triage", "guess-5", nextAddress()).statusCode()).as("the fifth since signing in")
                .isEqualTo(401);
        assertThat(basic("Secops-Triage", "demo", nextAddress()).statusCode())
                .as("user names count without regard to case, as they sign in").isEqualTo(429);
        clock.set(start.plus(Duration.ofMinutes(16)));
        assertThat(basic("secops-triage", "demo", nextAddress()).statusCode()).isEqualTo(200);
    }

    @Test
    void theLoginFormSaysSignInIsPaused() throws Exception {
        HttpResponse<String> page = get("/login", null);
        String session = SignInHardeningTest.session(page).orElseThrow();
        String csrf = SignInHardeningTest.csrf(page);
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> wrong = form(session, csrf, "devops-oncall", "guess-" + i, nextAddress());
            assertThat(wrong.headers().firstValue("Location").orElseThrow()).as("failure " + i).endsWith("/login?error");
        }
        HttpResponse<String> paused = form(session, csrf, "devops-oncall", "demo", nextAddress());
        assertThat(paused.statusCode()).isEqualTo(302);
        assertThat(paused.headers().firstValue("Location").orElseThrow()).endsWith("/login?locked");
        assertThat(get("/", session).statusCode()).as("not signed in").isEqualTo(302);
        assertThat(get("/login?locked", session).body()).contains("Too many failed sign-ins")
                .contains("<span>15</span> minutes");

        clock.set(start.plus(Duration.ofMinutes(15)));
        HttpResponse<String> signedIn = form(session, csrf, "devops-oncall", "demo", nextAddress());
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).doesNotContain("/login");
    }

    @Test
    void oneAddressIsPausedAfterTwentyFailuresWhateverTheNames() throws Exception {
        String address = "203.0.113.77";
        for (int i = 1; i <= 20; i++) {
            assertThat(basic("nobody-" + i, "guess", address).statusCode()).isEqualTo(401);
        }
        assertThat(basic("cloud-ops", "demo", address).statusCode()).isEqualTo(429);
        assertThat(basic("cloud-ops", "demo", nextAddress()).statusCode()).as("from elsewhere").isEqualTo(200);
        clock.set(start.plus(Duration.ofMinutes(15)));
        assertThat(basic("cloud-ops", "demo", address).statusCode()).isEqualTo(200);
    }

    /** A client address of its own for each attempt, so that only the user name's count can pause it. */
    private String nextAddress() {
        addresses++;
        return "198.51.100." + addresses;
    }

    private HttpResponse<String> basic(String user, String password, String address) throws Exception {
        return http.send(HttpRequest.newBuilder(url("/api/cases")).header("X-Forwarded-For", address)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> form(String session, String csrf, String user, String password, String address)
            throws Exception {
        String body = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(csrf);
        return http.send(HttpRequest.newBuilder(url("/login")).header("Cookie", "JSESSIONID=" + session)
                .header("X-Forwarded-For", address).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String session) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).header("Accept", "text/html");
        if (session != null) {
            b.header("Cookie", "JSESSIONID=" + session);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
