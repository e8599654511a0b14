package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.ApplicationTest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What a browser sees of the UI's protections: security headers on every page, a session id that changes
 * when someone signs in (a planted id is worthless), and a session cookie that is HttpOnly and SameSite=Lax,
 * and Secure when a TLS-terminating proxy says the request came over https.
 */
@ApplicationTest
class SignInHardeningTest {

    private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]+)");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @LocalServerPort int port;
    private final HttpClient http = HttpClient.newHttpClient(); // follows no redirects, keeps no cookies

    @Test
    void pagesCarryTheSecurityHeaders() throws Exception {
        for (HttpResponse<String> page : List.of(get("/login", null, null), get("/manager", null, "manager"))) {
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(SecurityConfig.CONTENT_SECURITY_POLICY);
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).doesNotContain("unsafe-inline");
            assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("SAMEORIGIN");
        }
        HttpResponse<String> api = get("/api/cases", null, "auditor");
        assertThat(api.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
        assertThat(api.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void signingInChangesTheSessionId() throws Exception {
        HttpResponse<String> form = get("/login", null, null);
        String before = session(form).orElseThrow();
        HttpResponse<String> signedIn = signIn(before, csrf(form), "owner", "demo");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        String after = session(signedIn).orElse(before);
        assertThat(after).as("a new session id at sign-in").isNotEqualTo(before);

        assertThat(get("/cases", after, null).statusCode()).as("the new id is signed in").isEqualTo(200);
        HttpResponse<String> planted = get("/cases", before, null);
        assertThat(planted.statusCode()).as("the id from before signing in is not").isEqualTo(302);
        assertThat(planted.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }

    @Test
    void theSessionCookieIsSecureBehindTls() throws Exception {
        String plain = cookieHeader(get("/login", null, null));
        assertThat(plain).contains("HttpOnly").containsIgnoringCase("SameSite=Lax").doesNotContain("Secure");

        HttpResponse<String> proxied = http.send(HttpRequest.newBuilder(url("/login"))
                .header("X-Forwarded-Proto", "https").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cookieHeader(proxied)).contains("Secure").contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
    }

    private HttpResponse<String> signIn(String session, String csrf, String user, String password) throws Exception {
        String body = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(csrf);
        return http.send(HttpRequest.newBuilder(url("/login")).header("Cookie", "JSESSIONID=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String session, String basicUser)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).header("Accept", "text/html");
        if (session != null) {
            b.header("Cookie", "JSESSIONID=" + session);
        }
        if (basicUser != null) {
            b.header("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString((basicUser + ":demo").getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookieHeader(HttpResponse<?> r) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + r.headers().map()));
    }

    static Optional<String> session(HttpResponse<?> r) {
        return r.headers().allValues("Set-Cookie").stream().map(SESSION::matcher).filter(Matcher::find)
                .map(m -> m.group(1)).findFirst();
    }

    static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as("the page's form carries a CSRF token").isTrue();
        return m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
