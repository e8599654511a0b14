package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.ApplicationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The CSV that Resource Graph Explorer downloads, posted as it comes: a byte-order mark, CRLF, quotes. */
@ApplicationTest
class PortalCsvImportTest {

    @Autowired TestRestTemplate http;
    @Autowired ObjectMapper json;

    @Test
    void aPortalDownloadBecomesASweep() throws IOException {
        String registry = "csv" + UUID.randomUUID().toString().substring(0, 8);
        String id = "/subscriptions/6f1c2d3e-0000-4000-8000-000000000001/resourceGroups/rg-platform/providers/"
                + "Microsoft.ContainerRegistry/registries/" + registry + "/providers/Microsoft.Security/assessments/"
                + "c0b7cfc6-3172-465a-b378-53c7ff2cc0d5/subassessments/";
        String csv = "\uFEFFid,repositoryName,registryName,imageDigest,vulnId,vulnName,scanFindingSeverity,"
                + "cvssV30Score,packageName,installedPackageVersion,fixedPackageVersion,timeGenerated\r\n"
                + "\"" + id + "1\",payments/api," + registry + ".azurecr.io,sha256:" + "a".repeat(64)
                + ",CVE-2023-4911,\"glibc: buffer overflow in ld.so, \"\"Looney Tunables\"\"\",High,7.8,libc6,"
                + "2.35-0ubuntu3.1,2.35-0ubuntu3.4,2026-11-20T05:00:00Z\r\n"
                + "\"" + id + "2\",payments/api," + registry + ".azurecr.io,sha256:" + "a".repeat(64)
                + ",CVE-2023-38545,CVE-2023-38545,Critical,9.8,curl,7.81.0-1ubuntu1.10,7.81.0-1ubuntu1.14,"
                + "2026-11-20T05:00:00Z\r\n";
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(new MediaType("text", "csv", StandardCharsets.UTF_8));
        ResponseEntity<String> response = http.withBasicAuth("manager", "demo").postForEntity(
                "/api/sweeps?name=portal.csv", new HttpEntity<>(csv.getBytes(StandardCharsets.UTF_8), headers),
                String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode sweep = json.readTree(response.getBody());
        assertThat(sweep.path("state").asText()).isEqualTo("COMPLETE");
        assertThat(sweep.at("/counts/rows").asInt()).isEqualTo(2);
        assertThat(sweep.at("/counts/newFindings").asInt()).isEqualTo(2);
        JsonNode findings = json.readTree(http.withBasicAuth("auditor", "demo")
                .getForObject("/api/findings?cve=CVE-2023-4911&repository=payments/api&size=1000", String.class));
        assertThat(findings.path("items")).anySatisfy(f -> {
            assertThat(f.at("/key/registryHost").asText()).isEqualTo(registry + ".azurecr.io");
            assertThat(f.path("fixedVersion").asText()).isEqualTo("2.35-0ubuntu3.4");
            assertThat(f.path("severity").asText()).isEqualTo("HIGH");
        });
    }

    @Test
    void aCsvWithoutARequiredColumnIsRejectedByName() throws IOException {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        ResponseEntity<String> response = http.withBasicAuth("manager", "demo").postForEntity("/api/sweeps",
                new HttpEntity<>("repositoryName,imageDigest\r\nx,y\r\n".getBytes(StandardCharsets.UTF_8), headers),
                String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json.readTree(response.getBody()).path("row").asInt()).isZero();
    }
}
