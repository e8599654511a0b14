package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.ApplicationTest;
import dev.fixline.DefenderRows;
import dev.fixline.audit.AuditEvent;
import dev.fixline.ingest.SweepImporter;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** {@code POST /api/cases/{id}/fixed}: the owner's claim over HTTP, who may make it, and what it changes. */
@ApplicationTest
class MarkFixedApiTest {

    static final Instant PUSHED = Instant.parse("2026-11-30T08:00:00Z");

    @Autowired TestRestTemplate http;
    @Autowired SweepImporter importer;
    @Autowired CaseDispatcher dispatcher;
    @Autowired CaseRepository repository;
    @Autowired RemediationCases cases;
    @Autowired ObjectMapper json;

    @Test
    void theOwnerSaysItIsFixedAndTheCaseAwaitsTheRescan() throws Exception {
        CaseView c = caseOwnedBy("owner");

        ResponseEntity<JsonNode> answer = post("owner", c.id(), "{\"comment\":\"Rebuilt on bookworm 12.8\","
                + "\"digest\":\"sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}");

        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getBody().path("state").asText()).isEqualTo("AWAITING_VERIFICATION");
        List<AuditEvent> timeline = cases.timeline(c.id()).orElseThrow();
        AuditEvent marked = timeline.stream().filter(e -> e.type().equals("MARKED_FIXED")).findFirst().orElseThrow();
        assertThat(marked.actor()).isEqualTo("owner");
        assertThat(marked.summary()).isEqualTo("Owner reports the fix in sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"
                + "2b0b822cd15d6c15b0f00a08; the case closes when a rescan shows it. Rebuilt on bookworm 12.8");

        ResponseEntity<JsonNode> again = post("owner", c.id(), "{}");
        assertThat(again.getStatusCode().value()).as("already awaiting verification").isEqualTo(409);
        assertThat(again.getBody().path("detail").asText()).contains("is AWAITING_VERIFICATION");
    }

    @Test
    void someoneElsesCaseIsRefusedAndChangesNothing() throws Exception {
        CaseView c = caseOwnedBy("frank");
        repository.setOwnership(c.id(), "frank", "web", "manager", "test");

        ResponseEntity<JsonNode> owner = post("owner", c.id(), "{\"comment\":\"not mine\"}");
        ResponseEntity<JsonNode> auditor = post("auditor", c.id(), "{}");

        assertThat(owner.getStatusCode().value()).isEqualTo(403);
        assertThat(owner.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(owner.getBody().path("detail").asText()).contains("only the case's owner frank, members of its "
                + "team web, its manager manager or an administrator");
        assertThat(auditor.getStatusCode().value()).isEqualTo(403);
        assertThat(cases.find(c.id()).orElseThrow().state()).isEqualTo(CaseState.OPEN);
        assertThat(post("manager", c.id(), "{}").getStatusCode().value()).as("the manager may").isEqualTo(200);
    }

    @Test
    void badInputIsRefusedByName() throws Exception {
        CaseView c = caseOwnedBy("owner");

        ResponseEntity<JsonNode> tooLong = post("owner", c.id(), "{\"comment\":\"" + "x".repeat(2001) + "\"}");
        ResponseEntity<JsonNode> control = post("owner", c.id(), "{\"digest\":\"sha256:ab\\u0007cd\"}");
        ResponseEntity<JsonNode> unknown = post("owner", "no-such-case", "{}");

        assertThat(tooLong.getStatusCode().value()).isEqualTo(400);
        assertThat(tooLong.getBody().toString()).contains("comment", "at most 2000 characters");
        assertThat(control.getStatusCode().value()).isEqualTo(400);
        assertThat(control.getBody().toString()).contains("digest");
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
        assertThat(cases.find(c.id()).orElseThrow().state()).isEqualTo(CaseState.OPEN);
    }

    /** A started case of a registry of this test's own, owned by {@code person}. */
    private CaseView caseOwnedBy(String person) throws Exception {
        DefenderRows rows = new DefenderRows(json, "fx");
        ObjectNode body = json.createObjectNode();
        body.putArray("data").add(rows.row("shop/cart", "sha256:" + "c".repeat(64), PUSHED,
                PUSHED.plusSeconds(600), "CVE-2024-6387", "High", rows.os("debian_linux_12"), "openssh-server",
                "1:9.2p1-2+deb12u2", "1:9.2p1-2+deb12u3"));
        importer.importArgExport("fixed-api", new ByteArrayInputStream(json.writeValueAsBytes(body)));
        dispatcher.dispatch();
        CaseView c = cases.list(new CaseQuery(null, null, null, null, null, null), 0, 1000).items().stream()
                .filter(v -> v.registryHost().equals(rows.registryHost())).findFirst().orElseThrow();
        repository.setOwnership(c.id(), person, "payments", "manager", "test");
        return cases.find(c.id()).orElseThrow();
    }

    private ResponseEntity<JsonNode> post(String user, String caseId, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth(user, "demo").postForEntity("/api/cases/" + caseId + "/fixed",
                new HttpEntity<>(body, headers), JsonNode.class);
    }
}
