package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.ApplicationTest;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.remediation.CaseDispatcher;
import dev.fixline.remediation.RemediationCases;
import java.time.Duration;
import java.time.Instant;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** {@code GET /api/audit/verify} over the chain the whole application writes: cases opened, owners assigned, … */
@ApplicationTest
class AuditVerifyApiTest {

    @Autowired TestRestTemplate http;
    @Autowired SweepImporter importer;
    @Autowired CaseDispatcher dispatcher;
    @Autowired RemediationCases cases;
    @Autowired ManagementService management;
    @Autowired ObjectMapper json;

    @Test
    void anAuditorChecksTheChainTheApplicationWrote() throws Exception {
        UiCases arranged = new UiCases("verify", json, importer, dispatcher, cases, management);
        arranged.open(arranged.row("CVE-2034-0001", "libchain", Instant.now().minus(Duration.ofDays(1))));

        ResponseEntity<String> answer = http.withBasicAuth("auditor", "demo").getForEntity("/api/audit/verify",
                String.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode report = json.readTree(answer.getBody());
        assertThat(report.path("intact").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.path("checked").asLong()).isPositive().isEqualTo(report.path("headSeq").asLong());
        assertThat(report.path("headHash").asText()).hasSize(64);

        // the head as a metric (fixline_audit_chain_head_seq in Prometheus' words)
        JsonNode metric = json.readTree(http.withBasicAuth("admin", "demo")
                .getForObject("/actuator/metrics/fixline.audit.chain.head.seq", String.class));
        assertThat(metric.at("/measurements/0/value").asDouble()).as(metric.toString())
                .isGreaterThanOrEqualTo(report.path("headSeq").asDouble());

        ResponseEntity<String> backwards = http.withBasicAuth("auditor", "demo")
                .getForEntity("/api/audit/verify?from=5&to=2", String.class);
        assertThat(backwards.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(backwards.getBody()).path("detail").asText()).contains("'to' may not come before");
    }
}
