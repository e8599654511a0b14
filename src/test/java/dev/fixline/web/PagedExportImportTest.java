package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.ApplicationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Several files of one query as one sweep, posted as {@code multipart/form-data}: the pages of a paged
 * Resource Graph result (each a response body as the REST API returns it: {@code totalRecords},
 * {@code count}, {@code $skipToken} on all but the last), or one export per registry. The rows are the
 * sample exports', moved to registries of this test's own.
 */
@ApplicationTest
class PagedExportImportTest {

    @Autowired TestRestTemplate http;
    @Autowired ObjectMapper json;

    private ArrayNode day1;
    private ArrayNode day2;

    @BeforeEach
    void samplesOfTheirOwn() throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        day1 = (ArrayNode) rows("day-1.json", suffix).path("data");
        day2 = (ArrayNode) rows("day-2.json", suffix);
    }

    @Test
    void pageOneAloneIsPartialAndTheWholeResultAfterwardsIsComplete() throws IOException {
        List<byte[]> pages = pages(day1, 20);
        JsonNode first = body(post(MediaType.APPLICATION_JSON, pages.get(0)));
        assertThat(first.path("state").asText()).isEqualTo("PARTIAL");
        assertThat(first.path("message").asText()).contains("one page of a paged result");

        JsonNode whole = body(postParts(pages, "page-1.json", "page-2.json", "page-3.json"));
        assertThat(whole.path("state").asText()).isEqualTo("COMPLETE");
        assertThat(whole.at("/counts/rows").asInt()).isEqualTo(41);
        assertThat(whole.path("sourceName").asText()).isEqualTo("page-1.json + page-2.json + page-3.json");

        // Day 2 with a page missing closes nothing; with all its pages it closes what the sample says.
        List<byte[]> next = pages(day2, 15);
        JsonNode gap = body(postParts(List.of(next.get(0), next.get(2)), "day2-1.json", "day2-3.json"));
        assertThat(gap.path("state").asText()).isEqualTo("PARTIAL");
        assertThat(gap.path("message").asText()).contains("2 page(s) of a Resource Graph result of 41 rows hold 26 rows");
        assertThat(gap.at("/counts/fixed").asInt() + gap.at("/counts/gone").asInt()).isZero();

        JsonNode day2Whole = body(postParts(next, "day2-1.json", "day2-2.json", "day2-3.json"));
        assertThat(day2Whole.path("state").asText()).isEqualTo("COMPLETE");
        assertThat(day2Whole.at("/counts/fixed").asInt()).as("as day-2.json imported whole").isEqualTo(7);
    }

    @Test
    void onePlainExportPerRegistryMakesOneCompleteSweep() throws IOException {
        ArrayNode prod = ofRegistry(day1, "prod");
        ArrayNode dev = ofRegistry(day1, "dev");
        JsonNode sweep = body(postParts(List.of(json.writeValueAsBytes(prod), json.writeValueAsBytes(dev)),
                "prod.json", "dev.json"));
        assertThat(sweep.path("state").asText()).isEqualTo("COMPLETE");
        assertThat(sweep.at("/counts/rows").asInt()).isEqualTo(41);
        assertThat(sweep.at("/counts/newFindings").asInt()).isEqualTo(36);
        assertThat(sweep.path("scope").asText()).contains("prod", "dev");
    }

    @Test
    void theSamePageTwiceIsRefusedAndNothingIsApplied() throws IOException {
        List<byte[]> pages = pages(day1, 20);
        long sweepsBefore = sweepCount();
        ResponseEntity<String> twice = postParts(List.of(pages.get(0), pages.get(0), pages.get(1)),
                "page-1.json", "page-1-again.json", "page-2.json");
        assertThat(twice.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(twice.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(body(twice).path("detail").asText()).startsWith("part 2 (page-1-again.json): row 1, field id: "
                + "this row is in part 1 too");
        assertThat(sweepCount()).isEqualTo(sweepsBefore);

        // Rows of projected columns have no id to tell them apart: the same CSV twice is known by its bytes.
        String csv = "repositoryName,registryName,imageDigest,vulnName,scanFindingSeverity,packageName,"
                + "installedPackageVersion,fixedPackageVersion\r\npayments/api,csvdup" + UUID.randomUUID().toString()
                .substring(0, 8) + ",sha256:" + "e".repeat(64) + ",CVE-2023-4911,High,libc6,2.35-0ubuntu3.1,"
                + "2.35-0ubuntu3.4\r\n";
        byte[] file = csv.getBytes(StandardCharsets.UTF_8);
        ResponseEntity<String> sameCsv = postParts(List.of(file, file), "sub-a.csv", "sub-a-again.csv");
        assertThat(sameCsv.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(body(sameCsv).path("detail").asText())
                .isEqualTo("part 2 (sub-a-again.csv): file: the same file as part 1; each page or file counts once");
    }

    @Test
    void aBadRowIsNamedByItsPartAndRowInThatPart() throws IOException {
        List<byte[]> pages = pages(day1, 20);
        ObjectNode broken = (ObjectNode) json.readTree(pages.get(1));
        ((ObjectNode) broken.path("data").get(2).at("/properties/status")).put("severity", "Apocalyptic");
        ResponseEntity<String> refused = postParts(List.of(pages.get(0), json.writeValueAsBytes(broken)),
                "page-1.json", "page-2.json");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(body(refused).path("detail").asText()).startsWith("part 2 (page-2.json): row 3, field "
                + "properties.status.severity: unknown severity 'Apocalyptic'");
    }

    @Test
    void aRestPageWithANextLinkCannotBeProvenWhole() throws IOException {
        ObjectNode rest = json.createObjectNode();
        rest.set("value", day1);
        rest.put("nextLink", "https://management.azure.com/subscriptions/6f1c2d3e-0000-4000-8000-000000000001/"
                + "providers/Microsoft.Security/subAssessments?api-version=2019-01-01-preview&$skiptoken=abc");
        JsonNode sweep = body(postParts(List.of(json.writeValueAsBytes(rest)), "rest-page-1.json"));
        assertThat(sweep.path("state").asText()).isEqualTo("PARTIAL");
        assertThat(sweep.path("message").asText()).contains("part 1 (rest-page-1.json)", "nextLink",
                "cannot be proven whole");
        assertThat(sweep.at("/counts/fixed").asInt() + sweep.at("/counts/gone").asInt()).isZero();
    }

    /** Page 1 saved from two runs of the query differs in its $skipToken, not in its rows: still refused. */
    @Test
    void aPageSavedTwiceCannotStandInForAMissingOne() throws IOException {
        List<byte[]> pages = pages(day1, 21);
        ObjectNode rerun = (ObjectNode) json.readTree(pages.get(0));
        rerun.put("$skipToken", "another-run-of-the-same-query");
        ResponseEntity<String> refused = postParts(List.of(pages.get(0), json.writeValueAsBytes(rerun)),
                "page-1.json", "page-1-rerun.json");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(body(refused).path("detail").asText()).startsWith("part 2 (page-1-rerun.json): row 1, field id: "
                + "this row is in part 1 too");
    }

    /** Two queries of the same size, each in pages: twice the total, and whole. */
    @Test
    void twoPagedResultsOfTheSameSizeAreWhole() throws IOException {
        ArrayNode prod = ofRegistry(day1, "prod");
        ArrayNode dev = ofRegistry(day1, "dev");
        ArrayNode prodTrimmed = json.createArrayNode();
        for (int i = 0; i < dev.size(); i++) {
            prodTrimmed.add(prod.get(i));
        }
        List<byte[]> parts = new ArrayList<>(pages(prodTrimmed, 5));
        parts.addAll(pages(dev, 5));
        String[] names = new String[parts.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = "p" + i + ".json";
        }
        JsonNode sweep = body(postParts(parts, names));
        assertThat(sweep.path("state").asText()).isEqualTo("COMPLETE");
        assertThat(sweep.at("/counts/rows").asInt()).isEqualTo(2 * dev.size());
    }

    /** A file already applied is still refused when it comes beside a newer file of another registry. */
    @Test
    void anOldFileBesideANewerOneOfAnotherRegistryIsStillStale() throws IOException {
        ArrayNode prod1 = ofRegistry(day1, "prod");
        ArrayNode prod2 = ofRegistry(day2, "prod");
        ArrayNode dev2 = ofRegistry(day2, "dev");
        body(postParts(List.of(json.writeValueAsBytes(prod1)), "prod-day1.json"));
        body(postParts(List.of(json.writeValueAsBytes(prod2)), "prod-day2.json"));
        ResponseEntity<String> again = postParts(List.of(json.writeValueAsBytes(prod2), json.writeValueAsBytes(dev2)),
                "prod-day2.json", "dev-day2-later.json");
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(body(again).path("detail").asText()).contains("already applied to pagedprod");
    }

    /** An unfiltered paged export may have a page of only SQL or server rows, and two subscriptions no findings. */
    @Test
    void aPageOfOtherKindsAndEmptyExportsDoNotRefuseTheUpload() throws IOException {
        ObjectNode server = (ObjectNode) json.readTree(Files.readAllBytes(
                Path.of("src", "test", "resources", "defender", "server-vulnerability.json")));
        ArrayNode withServer = json.createArrayNode();
        day1.forEach(withServer::add);
        withServer.add(server);
        List<byte[]> pages = pages(withServer, 41);
        assertThat(pages).hasSize(2);
        byte[] empty = "[]".getBytes(StandardCharsets.UTF_8);
        JsonNode sweep = body(postParts(List.of(pages.get(0), pages.get(1), empty, empty),
                "page-1.json", "page-2.json", "sub-a.json", "sub-b.json"));
        assertThat(sweep.path("state").asText()).isEqualTo("COMPLETE");
        assertThat(sweep.path("ignored").path("ServerVulnerabilityAssessment").asInt()).isEqualTo(1);
    }

    @Test
    void aSkipTokenPageWithoutATotalCannotBeProvenWhole() throws IOException {
        ObjectNode page = (ObjectNode) json.readTree(pages(day1, 20).get(0));
        page.remove("totalRecords");
        JsonNode sweep = body(postParts(List.of(json.writeValueAsBytes(page)), "page-1.json"));
        assertThat(sweep.path("state").asText()).isEqualTo("PARTIAL");
        assertThat(sweep.path("message").asText()).contains("$skipToken", "without a totalRecords");
    }

    /** The rows as Resource Graph pages them: each page a response body, {@code $skipToken} on all but the last. */
    private List<byte[]> pages(ArrayNode all, int size) throws IOException {
        List<byte[]> pages = new ArrayList<>();
        for (int from = 0; from < all.size(); from += size) {
            ObjectNode page = json.createObjectNode();
            page.put("totalRecords", all.size());
            ArrayNode data = json.createArrayNode();
            for (int i = from; i < Math.min(all.size(), from + size); i++) {
                data.add(all.get(i));
            }
            page.put("count", data.size());
            page.put("resultTruncated", "false");
            if (from + size < all.size()) {
                page.put("$skipToken", "ew0KICAiJGlkIjogIjEiLA0KICAiTWF4Um93cyI6IDIwLA0KICAiUm93c1RvU2tpcCI6IC" + from);
            }
            page.putArray("facets");
            page.set("data", data);
            pages.add(json.writeValueAsBytes(page));
        }
        return pages;
    }

    /** The rows of the registry whose host contains {@code part}: {@code prod} or {@code dev}. */
    private ArrayNode ofRegistry(ArrayNode rows, String part) {
        ArrayNode of = json.createArrayNode();
        rows.forEach(row -> {
            if (row.at("/properties/additionalData/artifactDetails/registryHost").asText().contains(part)) {
                of.add(row);
            }
        });
        return of;
    }

    private JsonNode rows(String sample, String suffix) throws IOException {
        String text = Files.readString(Path.of("samples", sample))
                .replace("contosoprod", "pagedprod" + suffix).replace("contosodev", "pageddev" + suffix);
        return json.readTree(text);
    }

    private ResponseEntity<String> post(MediaType type, byte[] body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(type);
        return http.withBasicAuth("manager", "demo").postForEntity("/api/sweeps", new HttpEntity<>(body, headers),
                String.class);
    }

    private ResponseEntity<String> postParts(List<byte[]> files, String... names) {
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        for (int i = 0; i < files.size(); i++) {
            String name = names[i];
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(name.endsWith(".csv") ? MediaType.parseMediaType("text/csv")
                    : MediaType.APPLICATION_JSON);
            parts.add("file", new HttpEntity<>(new ByteArrayResource(files.get(i)) {
                @Override
                public String getFilename() {
                    return name;
                }
            }, headers));
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return http.withBasicAuth("manager", "demo").postForEntity("/api/sweeps", new HttpEntity<>(parts, headers),
                String.class);
    }

    private JsonNode body(ResponseEntity<String> response) throws IOException {
        return json.readTree(response.getBody().getBytes(StandardCharsets.UTF_8));
    }

    private long sweepCount() throws IOException {
        return json.readTree(http.withBasicAuth("auditor", "demo").getForObject("/api/sweeps?size=1", String.class))
                .path("total").asLong();
    }
}
