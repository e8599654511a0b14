package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.ApplicationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Paths a scanner or an attacker sends (issue 11 found each answered with a bare 500): each is answered
 * with a 4xx problem, and the application keeps serving.
 */
@ApplicationTest
class OddRequestPathsTest {

    @LocalServerPort int port;
    @Autowired ObjectMapper json;

    @Test
    void oddPathsGetAClientErrorWithProblemDetails() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String admin = "Basic " + Base64.getEncoder().encodeToString("admin:demo".getBytes());
        Map<String, Integer> expected = Map.of("//engine-rest/task", 400, "/engine-rest;a=b/task", 400,
                "/%65ngine-rest/task", 400, "/api/..;/engine-rest/task", 400, "/error", 404);
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            for (String auth : new String[] {admin, null}) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + e.getKey()))
                        .header("Accept", "application/json").GET();
                if (auth != null) {
                    request.header("Authorization", auth);
                }
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(e.getKey()).isEqualTo(e.getValue());
                assertThat(response.headers().firstValue("Content-Type")).as(e.getKey())
                        .hasValue("application/problem+json");
                JsonNode problem = json.readTree(response.body());
                assertThat(problem.path("status").asInt()).isEqualTo(e.getValue());
                assertThat(problem.path("detail").asText()).isNotBlank();
            }
        }
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/actuator/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as("still serving").isEqualTo(200);
    }
}
