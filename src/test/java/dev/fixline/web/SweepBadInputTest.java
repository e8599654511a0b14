package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.ApplicationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Bad input is answered with problem+json naming the row and field, and changes nothing. */
@ApplicationTest
class SweepBadInputTest {

    @Autowired TestRestTemplate http;
    @Autowired ObjectMapper json;

    private ArrayNode day1Rows;
    private long sweepsBefore;
    private long findingsBefore;

    @BeforeEach
    void setUp() throws IOException {
        day1Rows = (ArrayNode) json.readTree(Path.of("samples", "day-1.json").toFile()).path("data");
        sweepsBefore = count("/api/sweeps");
        findingsBefore = count("/api/findings");
    }

    @Test
    void malformedJsonNamesTheRowAndPosition() throws IOException {
        JsonNode problem = rejected("[{\"id\": \"x\", }]");
        assertThat(problem.path("detail").asText()).contains("row 1").contains("malformed or truncated JSON");
        assertThat(problem.path("row").asInt()).isEqualTo(1);
    }

    @Test
    void aTruncatedExportIsRejectedWholeAndClosesNothing() throws IOException {
        String full = json.writeValueAsString(day1Rows);
        JsonNode problem = rejected(full.substring(0, full.length() * 2 / 3));
        assertThat(problem.path("detail").asText()).contains("malformed or truncated JSON");
        assertThat(problem.path("row").asInt()).isGreaterThan(1);
        assertNothingChanged();
    }

    @Test
    void aRowWithoutIdIsRejected() throws IOException {
        ArrayNode rows = day1Rows.deepCopy();
        ((ObjectNode) rows.get(4)).remove("id");
        JsonNode problem = rejected(json.writeValueAsString(rows));
        assertThat(problem.path("row").asInt()).isEqualTo(5);
        assertThat(problem.path("field").asText()).isEqualTo("id");
        assertThat(problem.path("detail").asText()).isEqualTo("row 5, field id: missing");
        assertNothingChanged();
    }

    @Test
    void aRowWithoutItsPackageCannotFormAFindingKey() throws IOException {
        ArrayNode rows = day1Rows.deepCopy();
        ((ObjectNode) rows.get(rows.size() - 1).at("/properties/additionalData/softwareDetails"))
                .remove("packageName");
        JsonNode problem = rejected(json.writeValueAsString(rows));
        assertThat(problem.path("row").asInt()).isEqualTo(rows.size());
        assertThat(problem.path("field").asText())
                .isEqualTo("properties.additionalData.softwareDetails.packageName");
        assertThat(problem.path("detail").asText()).contains("part of the finding key");
        assertNothingChanged();
    }

    @Test
    void wrongJsonTypesAreNamed() throws IOException {
        ArrayNode rows = day1Rows.deepCopy();
        ((ObjectNode) rows.get(2).at("/properties/status")).put("severity", 7);
        JsonNode problem = rejected(json.writeValueAsString(rows));
        assertThat(problem.path("detail").asText())
                .isEqualTo("row 3, field properties.status.severity: expected a string, found number");

        rows = day1Rows.deepCopy();
        ((ObjectNode) rows.get(0).path("properties")).put("additionalData", "oops");
        problem = rejected(json.writeValueAsString(rows));
        assertThat(problem.path("row").asInt()).isEqualTo(1);
        assertThat(problem.path("detail").asText()).contains("expected an object");

        problem = rejected("{\"data\": {\"columns\": [], \"rows\": []}}");
        assertThat(problem.path("field").asText()).isEqualTo("data");
        problem = rejected("\"not an export\"");
        assertThat(problem.path("detail").asText()).isEqualTo("file: expected a JSON array of rows, a Resource Graph "
                + "response body with data, a REST list body with value, or one sub-assessment; found a string");
        problem = rejected("{\"error\": {\"code\": \"RateLimiting\", \"message\": \"Client application has been "
                + "throttled\"}}");
        assertThat(problem.path("detail").asText()).endsWith("; found an Azure error response (RateLimiting: "
                + "Client application has been throttled)");
        problem = rejected("{\"totalRecords\": 0, \"count\": 0, \"rows\": []}");
        assertThat(problem.path("detail").asText()).endsWith("; found an object with fields totalRecords, count, rows");
        problem = rejected("repositoryName,imageDigest,vulnName\r\npayments/api,sha256:ab,CVE-2023-4911\r\n");
        assertThat(problem.path("detail").asText()).endsWith("the file does not start like JSON (a portal CSV is "
                + "posted with Content-Type: text/csv)");
        problem = rejected("[1, 2]");
        assertThat(problem.path("detail").asText()).isEqualTo("row 1: expected a JSON object (a sub-assessment, or a "
                + "row of projected columns), found a number");
        assertNothingChanged();
    }

    @Test
    void anExportOfOnlyOtherKindsOfSubAssessmentIsRefusedNamingThem() throws IOException {
        ArrayNode rows = json.createArrayNode()
                .add(json.readTree(Path.of("src", "test", "resources", "defender", "sql-server-vulnerability.json")
                        .toFile()))
                .add(json.readTree(Path.of("src", "test", "resources", "defender", "server-vulnerability.json")
                        .toFile()));
        JsonNode problem = rejected(json.writeValueAsString(rows));
        assertThat(problem.path("row").asInt()).isZero();
        assertThat(problem.path("detail").asText()).startsWith("file: no container-image findings: every row is a "
                + "sub-assessment of another kind (ServerVulnerabilityAssessment (server (VM) vulnerability): 1 row, "
                + "SqlServerVulnerability (SQL vulnerability assessment): 1 row)");
        assertNothingChanged();
    }

    @Test
    void aValueTooLongToKeepIsRejectedByName() throws IOException {
        ArrayNode rows = day1Rows.deepCopy();
        ((ObjectNode) rows.get(6).at("/properties/additionalData/softwareDetails")).put("fixedVersion", "1".repeat(300));
        assertThat(rejected(json.writeValueAsString(rows)).path("detail").asText())
                .isEqualTo("row 7, field fixed version: longer than 256 characters (300)");
        assertNothingChanged();
    }

    @Test
    void anEmptyBodyAndUnknownSeverityAreRejected() throws IOException {
        assertThat(rejected("").path("detail").asText()).isEqualTo("file: the file is empty");
        ArrayNode rows = day1Rows.deepCopy();
        ((ObjectNode) rows.get(0).at("/properties/status")).put("severity", "Apocalyptic");
        assertThat(rejected(json.writeValueAsString(rows)).path("detail").asText())
                .contains("unknown severity 'Apocalyptic'");
        assertNothingChanged();
    }

    @Test
    void theServerKeepsServingAndTheListsRejectBadPaging() throws IOException {
        rejected("[");
        ResponseEntity<String> list = http.withBasicAuth("auditor", "demo").getForEntity("/api/findings?size=5000",
                String.class);
        assertThat(list.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(list.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json.readTree(list.getBody()).path("parameter").asText()).isEqualTo("size");
        ResponseEntity<String> state = http.withBasicAuth("auditor", "demo").getForEntity("/api/cases?state=SHUT",
                String.class);
        assertThat(state.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(state.getBody()).path("detail").asText()).contains("'SHUT' is not one of");
        ResponseEntity<String> missing = http.withBasicAuth("auditor", "demo").getForEntity("/api/cases/nope",
                String.class);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void onlyHealthAnswersAnonymouslyAndAuditorsCannotImport() {
        assertThat(http.getForEntity("/actuator/health", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        for (String path : new String[] {"/api/cases", "/api/findings", "/api/sweeps", "/api/notifications",
                "/v3/api-docs", "/engine-rest/engine", "/actuator/metrics"}) {
            assertThat(http.getForEntity(path, String.class).getStatusCode()).as(path)
                    .isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        assertThat(http.withBasicAuth("owner", "wrong").getForEntity("/api/cases", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.withBasicAuth("owner", "demo").getForEntity("/engine-rest/engine", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(post("auditor", "[]").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        // A cross-site form could carry an administrator's cached Basic credentials: engine-rest wants a CSRF token.
        HttpHeaders form = new HttpHeaders();
        form.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        assertThat(http.withBasicAuth("admin", "demo").postForEntity("/engine-rest/deployment/create",
                new HttpEntity<>("deployment-name=x", form), String.class).getStatusCode().value())
                .as("refused before it reaches the engine").isIn(401, 403);
        assertThat(http.withBasicAuth("admin", "demo").getForEntity("/engine-rest/engine", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    /** Hostile values that once got a bare 500 (issue 11): each is a 400 naming what is wrong, and nothing is kept. */
    @Test
    void hostileValuesAreNamedNotCrashedOn() throws IOException {
        ArrayNode rows = day1Rows.deepCopy();
        String text = json.writeValueAsString(rows.get(0));
        String twice = text.replaceFirst("\"severity\":\"([A-Za-z]+)\"", "\"severity\":\"Low\",\"severity\":\"$1\"");
        assertThat(twice).isNotEqualTo(text);
        assertThat(rejected("[" + twice + "]").path("detail").asText()).contains("Duplicate field 'severity'");

        ((ObjectNode) rows.get(0).at("/properties/status")).put("severity", "Cr\u0131t\u0131cal");
        assertThat(rejected(json.writeValueAsString(rows)).path("detail").asText())
                .contains("unknown severity 'Cr\u0131t\u0131cal'");

        String infinite = json.writeValueAsString(day1Rows.get(0)).replaceFirst("\"cvssV30Score\":[0-9.]+",
                "\"cvssV30Score\":1e309");
        assertThat(rejected("[" + infinite + "]").path("detail").asText())
                .contains("properties.additionalData.cvssV30Score: not a finite number");
        String longNumber = json.writeValueAsString(day1Rows.get(0)).replaceFirst("\"cvssV30Score\":[0-9.]+",
                "\"cvssV30Score\":" + "9".repeat(1001));
        assertThat(rejected("[" + longNumber + "]").path("detail").asText()).isEqualTo("row 1: a number longer than "
                + "the 100 characters that fixline.limits.max-number-length allows");

        String csv = "repositoryName,registryName,imageDigest,vulnName,scanFindingSeverity,packageName,cvssV30Score\r\n"
                + "payments/api,hostile,sha256:" + "f".repeat(64) + ",CVE-2023-4911,High,libc6,1e-999999999\r\n";
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        ResponseEntity<String> tiny = http.withBasicAuth("manager", "demo").postForEntity("/api/sweeps",
                new HttpEntity<>(csv.getBytes(StandardCharsets.UTF_8), headers), String.class);
        assertThat(tiny.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(tiny.getBody()).path("detail").asText()).contains("cvss: not a CVSS score");

        HttpHeaders jsonHeaders = new HttpHeaders();
        jsonHeaders.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> longName = http.withBasicAuth("manager", "demo").postForEntity(
                "/api/sweeps?name=" + "n".repeat(600), new HttpEntity<>(json.writeValueAsBytes(day1Rows), jsonHeaders),
                String.class);
        assertThat(longName.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(longName.getBody()).path("parameter").asText()).isEqualTo("name");
        assertNothingChanged();

        ResponseEntity<String> farPage = http.withBasicAuth("auditor", "demo").getForEntity(
                "/api/sweeps?page=2147483647&size=1000", String.class);
        assertThat(farPage.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(farPage.getBody()).path("items")).isEmpty();
    }

    /** One bad date once blocked a registry for good: every later export looked older than year 9999. */
    @Test
    void implausibleTimesAreRefusedByRowAndField() throws IOException {
        ArrayNode rows = day1Rows.deepCopy();
        ((ObjectNode) rows.get(2).path("properties")).put("timeGenerated", "9999-12-31T23:59:59.9999999Z");
        JsonNode future = rejected(json.writeValueAsString(rows));
        assertThat(future.path("detail").asText()).startsWith("row 3, field scan time (timeGenerated): "
                + "9999-12-31T23:59:59.999999Z is in the future");

        rows = day1Rows.deepCopy();
        ((ObjectNode) rows.get(0).at("/properties/additionalData/artifactDetails"))
                .put("lastPushedToRegistryUTC", "1970-01-01T00:00:00Z");
        assertThat(rejected(json.writeValueAsString(rows)).path("detail").asText())
                .startsWith("row 1, field push time (lastPushedToRegistryUTC): 1970-01-01T00:00:00Z is before 2010");
        assertNothingChanged();
    }

    private JsonNode rejected(String body) throws IOException {
        ResponseEntity<String> response = post("manager", body);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        return json.readTree(response.getBody());
    }

    private ResponseEntity<String> post(String user, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth(user, "demo").postForEntity("/api/sweeps",
                new HttpEntity<>(body.getBytes(StandardCharsets.UTF_8), headers), String.class);
    }

    private long count(String path) throws IOException {
        return json.readTree(http.withBasicAuth("auditor", "demo").getForObject(path, String.class))
                .path("total").asLong();
    }

    private void assertNothingChanged() throws IOException {
        assertThat(count("/api/sweeps")).as("no sweep recorded").isEqualTo(sweepsBefore);
        assertThat(count("/api/findings")).as("no finding recorded").isEqualTo(findingsBefore);
    }
}
