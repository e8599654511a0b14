package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.ApplicationTest;
import dev.fixline.DefenderRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The exports Defender users have, posted as they come: what each becomes, and what the sweep reports. */
@ApplicationTest
class ExportShapesImportTest {

    private static final Instant PUSHED = Instant.parse("2026-11-18T09:00:00Z");
    private static final Instant SCANNED = Instant.parse("2026-11-20T05:00:00.0772799Z");

    @Autowired TestRestTemplate http;
    @Autowired ObjectMapper json;

    @Test
    void anUnfilteredExportImportsTheImagesRowsAndReportsTheOthersByKind() throws IOException {
        DefenderRows defender = new DefenderRows(json, "mixed");
        ArrayNode rows = json.createArrayNode()
                .add(fixture("sql-server-vulnerability.json"))
                .add(defender.row("payments/api", digest('a'), PUSHED, SCANNED, "CVE-2023-4911", "High",
                        defender.os("ubuntu_linux_22.04"), "libc6", "2.35-0ubuntu3.1", "2.35-0ubuntu3.4"))
                .add(fixture("server-vulnerability.json"))
                .add(fixture("sql-server-vulnerability.json"));

        ResponseEntity<String> response = post(json.writeValueAsString(rows));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode sweep = json.readTree(response.getBody());
        assertThat(sweep.path("state").asText()).isEqualTo("COMPLETE");
        assertThat(sweep.at("/counts/rows").asInt()).isEqualTo(1);
        assertThat(sweep.at("/counts/newFindings").asInt()).isEqualTo(1);
        assertThat(sweep.path("scope").asText()).isEqualTo("registries: " + defender.registryHost());
        JsonNode expected = json.readTree("{\"ServerVulnerabilityAssessment\": 1, \"SqlServerVulnerability\": 2}");
        assertThat(sweep.path("ignored")).isEqualTo(expected);

        String id = sweep.path("id").asText();
        JsonNode stored = json.readTree(http.withBasicAuth("auditor", "demo").getForObject("/api/sweeps/" + id,
                String.class));
        assertThat(stored.path("ignored")).as("kept with the sweep").isEqualTo(expected);
        JsonNode list = json.readTree(http.withBasicAuth("auditor", "demo").getForObject("/api/sweeps?size=1000",
                String.class));
        assertThat(list.path("items")).anySatisfy(s -> {
            assertThat(s.path("id").asText()).isEqualTo(id);
            assertThat(s.path("ignored")).isEqualTo(expected);
        }).allSatisfy(s -> assertThat(s.path("ignored").isObject()).as("an empty map when none").isTrue());
    }

    @Test
    void aRestListBodyWithANextLinkIsImportedButClosesNothing() throws IOException {
        DefenderRows defender = new DefenderRows(json, "rest");
        ObjectNode row = defender.row("payments/api", digest('b'), PUSHED, SCANNED, "CVE-2023-38545", "Critical",
                defender.os("ubuntu_linux_22.04"), "curl", "7.81.0-1ubuntu1.10", "7.81.0-1ubuntu1.14");
        ObjectNode list = json.createObjectNode();
        list.putArray("value").add(row);
        list.put("nextLink", "https://management.azure.com/subscriptions/00000000-0000-0000-0000-000000000001/"
                + "providers/Microsoft.Security/subAssessments?api-version=2019-01-01-preview&$skipToken=p2");

        ResponseEntity<String> response = post(json.writeValueAsString(list));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode sweep = json.readTree(response.getBody());
        assertThat(sweep.path("state").asText()).isEqualTo("PARTIAL");
        assertThat(sweep.path("message").asText()).isEqualTo("the export is one page of a REST list (it carries a "
                + "nextLink to more rows): findings were opened and updated, none closed");
        assertThat(sweep.at("/counts/newFindings").asInt()).isEqualTo(1);

        DefenderRows single = new DefenderRows(json, "one");
        response = post(json.writeValueAsString(single.row("payments/api", digest('c'), PUSHED, SCANNED,
                "CVE-2023-4911", "High", single.os("ubuntu_linux_22.04"), "libc6", "2.35-0ubuntu3.1",
                "2.35-0ubuntu3.4")));
        assertThat(response.getStatusCode()).as("one sub-assessment, as GET …/subAssessments/{name} returns it")
                .isEqualTo(HttpStatus.ACCEPTED);
        assertThat(json.readTree(response.getBody()).path("state").asText()).isEqualTo("COMPLETE");
    }

    @Test
    void qualysEraFindingsCarryTheirCvesSoThatACveSearchFindsThem() throws IOException {
        ResponseEntity<String> response = post(Files.readString(
                Path.of("src", "test", "resources", "defender", "qualys-rest-list.json")));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(json.readTree(response.getBody()).at("/counts/newFindings").asInt()).isEqualTo(3);
        JsonNode found = json.readTree(http.withBasicAuth("auditor", "demo")
                .getForObject("/api/findings?cve=CVE-2023-0215&size=1000", String.class));
        assertThat(found.path("items")).anySatisfy(f -> {
            assertThat(f.at("/key/registryHost").asText()).isEqualTo("myregistry.azurecr.io");
            assertThat(f.at("/key/packageName").asText()).isEqualTo("(Qualys QID 178016)");
        });
    }

    private ResponseEntity<String> post(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth("manager", "demo").postForEntity("/api/sweeps",
                new HttpEntity<>(body.getBytes(StandardCharsets.UTF_8), headers), String.class);
    }

    private ObjectNode fixture(String name) throws IOException {
        return (ObjectNode) json.readTree(Files.readAllBytes(Path.of("src", "test", "resources", "defender", name)));
    }

    private static String digest(char c) {
        return "sha256:" + String.valueOf(c).repeat(64);
    }
}
