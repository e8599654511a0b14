package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fixline.ApplicationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The ownership endpoints against the sample rules ({@code samples/ownership.yml}). */
@ApplicationTest
class OwnershipControllerTest {

    @Autowired TestRestTemplate http;

    private ResponseEntity<JsonNode> get(String path) {
        return http.withBasicAuth("auditor", "demo").getForEntity(path, JsonNode.class);
    }

    @Test
    void theRulesInForceAreListedInTheOrderTheyAreTried() {
        ResponseEntity<JsonNode> answer = get("/api/ownership/rules");
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode body = answer.getBody();
        assertThat(body.get("file").asText()).isEqualTo("samples/ownership.yml");
        assertThat(body.get("loadedAt").isTextual()).isTrue();
        assertThat(body.get("ruleCount").asInt()).isEqualTo(4);
        assertThat(body.get("rules")).extracting(r -> r.get("name").asText())
                .containsExactly("payments-prod", "web-prod", "dev-registry", "aws-shop");
        assertThat(body.get("rules").get(3).get("cloud").asText()).isEqualTo("aws");
        assertThat(body.get("rules").get(3).get("account").asText()).isEqualTo("111122223333");
        JsonNode first = body.get("rules").get(0);
        assertThat(first.get("repository").asText()).isEqualTo("payments/*");
        assertThat(first.get("line").asInt()).isEqualTo(6);
        assertThat(first.get("escalation").get(0).asText()).isEqualTo("ciso");
        assertThat(body.get("unowned").get("owner").asText()).isEqualTo("secops-triage");
        assertThat(body.get("lastError").isNull()).isTrue();
    }

    @Test
    void resolveExplainsTheRuleThatMatched() {
        JsonNode owned = get("/api/ownership/resolve?registry=contosoprod.azurecr.io&repository=payments/api")
                .getBody();
        assertThat(owned.get("owner").asText()).isEqualTo("owner");
        assertThat(owned.get("team").asText()).isEqualTo("payments");
        assertThat(owned.get("rule").asText()).isEqualTo("payments-prod");
        assertThat(owned.get("unowned").asBoolean()).isFalse();
        assertThat(owned.get("explanation").asText()).isEqualTo("Rule payments-prod (line 6) matched: registry "
                + "'contosoprod.azurecr.io' matches 'contosoprod.azurecr.io'; repository 'payments/api' matches "
                + "'payments/*'.");

        ResponseEntity<JsonNode> unowned = get("/api/ownership/resolve?registry=other.azurecr.io&repository=app"
                + "&subscription=00000000-0000-0000-0000-000000000000&resourceGroup=rg-app");
        assertThat(unowned.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(unowned.getBody().get("unowned").asBoolean()).isTrue();
        assertThat(unowned.getBody().get("owner").asText()).isEqualTo("secops-triage");
        assertThat(unowned.getBody().get("explanation").asText()).startsWith("No rule matched");
    }

    @Test
    void resolveMatchesOnTheCloudAndAccountItIsGiven() {
        String ecr = "/api/ownership/resolve?registry=111122223333.dkr.ecr.eu-west-1.amazonaws.com&repository=shop/api";
        JsonNode aws = get(ecr + "&cloud=AWS&account=111122223333").getBody();
        assertThat(aws.get("rule").asText()).isEqualTo("aws-shop");
        assertThat(aws.get("owner").asText()).isEqualTo("cloud-ops");
        assertThat(aws.get("explanation").asText()).isEqualTo("Rule aws-shop (line 26) matched: cloud 'aws'; "
                + "account '111122223333' matches '111122223333'.");
        assertThat(get(ecr).getBody().get("explanation").asText()).as("without a cloud, the rule does not match")
                .contains("aws-shop: cloud unknown");

        ResponseEntity<JsonNode> badCloud = get(ecr + "&cloud=amazon");
        assertThat(badCloud.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badCloud.getBody().get("parameter").asText()).isEqualTo("cloud");
        assertThat(badCloud.getBody().get("detail").asText()).contains("is not one of azure, aws, gcp");
    }

    @Test
    void resolveNeedsRegistryAndRepository() {
        ResponseEntity<JsonNode> missing = get("/api/ownership/resolve?registry=contosoprod.azurecr.io");
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(missing.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(missing.getBody().get("parameter").asText()).isEqualTo("repository");
        assertThat(get("/api/ownership/resolve?repository=app&registry=").getBody().get("parameter").asText())
                .isEqualTo("registry");
        assertThat(http.getForEntity("/api/ownership/rules", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void healthShowsTheOwnershipComponent() {
        ResponseEntity<JsonNode> health = get("/actuator/health");
        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode ownership = health.getBody().get("components").get("ownership");
        assertThat(ownership.get("status").asText()).isEqualTo("UP");
        assertThat(ownership.get("details").get("rules").asInt()).isEqualTo(4);
        assertThat(ownership.get("details").get("file").asText()).isEqualTo("samples/ownership.yml");
        assertThat(ownership.get("details").get("loadedAt").isTextual()).isTrue();
    }
}
