package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.ApplicationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

@ApplicationTest
class ApiDocumentationTest {

    @Autowired TestRestTemplate http;

    @Test
    void theOpenApiDocumentDescribesTheEndpoints() {
        ResponseEntity<String> docs = http.withBasicAuth("auditor", "demo").getForEntity("/v3/api-docs", String.class);
        assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(docs.getBody()).contains("\"/api/sweeps\"", "\"/api/cases/{id}/timeline\"", "\"/api/findings\"",
                "\"/api/notifications\"", "\"/api/reports/sla\"");
    }

    @Test
    void healthReportsTheDatabase() {
        ResponseEntity<String> health = http.withBasicAuth("admin", "demo").getForEntity("/actuator/health",
                String.class);
        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(health.getBody()).contains("\"db\"", "\"status\":\"UP\"");
    }
}
