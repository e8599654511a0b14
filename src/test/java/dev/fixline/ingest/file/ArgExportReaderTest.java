package dev.fixline.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.fixline.finding.Observation;
import dev.fixline.finding.Severity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a row of Defender's sub-assessments becomes an observation. */
class ArgExportReaderTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final ArgExportReader reader = new ArgExportReader(json);

    private List<Observation> read(byte[] body, boolean[] complete) {
        CollectingFeed feed = new CollectingFeed();
        complete[0] = reader.read(new ByteArrayInputStream(body), Duration.ZERO, feed).isEmpty();
        return feed.rows;
    }

    @Test
    void aResourceGraphResponseBodyAndAPlainArrayGiveTheSameRows() throws IOException {
        boolean[] complete = new boolean[1];
        List<Observation> fromBody = read(Files.readAllBytes(Path.of("samples", "day-1.json")), complete);
        assertThat(complete[0]).isTrue();
        byte[] array = json.writeValueAsBytes(json.readTree(Path.of("samples", "day-1.json").toFile()).path("data"));
        assertThat(read(array, complete)).isEqualTo(fromBody).hasSize(41);
    }

    @Test
    void mapsTheFieldsOfAnMdvmRow() throws IOException {
        List<Observation> rows = read(Files.readAllBytes(Path.of("samples", "day-1.json")), new boolean[1]);
        Observation openssl = rows.stream().filter(o -> o.vulnerabilityId().equals("CVE-2023-5363")).findFirst()
                .orElseThrow();
        assertThat(openssl.registryHost()).isEqualTo("contosoprod.azurecr.io");
        assertThat(openssl.repository()).isEqualTo("payments/worker");
        assertThat(openssl.packageName()).isEqualTo("openssl");
        assertThat(openssl.ecosystem()).isEqualTo("dpkg");
        assertThat(openssl.installedVersion()).isEqualTo("3.0.2-0ubuntu1.10");
        assertThat(openssl.fixedVersion()).isEqualTo("3.0.2-0ubuntu1.12");
        assertThat(openssl.severity()).isEqualTo(Severity.HIGH);
        assertThat(openssl.statusCode()).isEqualTo("Unhealthy");
        assertThat(openssl.subscriptionId()).isEqualTo("6f1c2d3e-0000-4000-8000-000000000001");
        assertThat(openssl.resourceGroup()).isEqualTo("rg-platform");
        assertThat(openssl.assessmentKey()).isEqualTo("c0b7cfc6-3172-465a-b378-53c7ff2cc0d5");
        assertThat(openssl.registryResourceId()).endsWith("/registries/contosoprod");
        assertThat(openssl.digest()).startsWith("sha256:");
        assertThat(openssl.pushedAt()).isNotNull();
        assertThat(openssl.scannedAt()).isNotNull();
        assertThat(rows).filteredOn(o -> !o.isFinding()).hasSize(2)
                .allSatisfy(o -> assertThat(o.statusCode()).isEqualTo("NotApplicable"));
    }

    @Test
    void infersTheEcosystemFromLanguageEvidenceAndOperatingSystem() throws IOException {
        List<Observation> rows = read(Files.readAllBytes(Path.of("samples", "day-1.json")), new boolean[1]);
        assertThat(ecosystemOf(rows, "musl")).as("apk database in the evidence").isEqualTo("apk");
        assertThat(ecosystemOf(rows, "libc6")).as("dpkg-query in the evidence").isEqualTo("dpkg");
        assertThat(ecosystemOf(rows, "lodash")).as("language javascript").isEqualTo("npm");
        assertThat(ecosystemOf(rows, "log4j-core")).as("language java").isEqualTo("maven");
        assertThat(ecosystemOf(rows, "requests")).as("language python").isEqualTo("pypi");

        ArrayNode edited = (ArrayNode) json.readTree(Path.of("samples", "day-1.json").toFile()).path("data");
        ObjectNode software = (ObjectNode) edited.get(0).at("/properties/additionalData/softwareDetails");
        software.put("category", "OS").putArray("evidence").add("rpm -qa --qf '%{NAME}'");
        software.remove("osDetails");
        software.remove("vendor");
        ObjectNode unknown = (ObjectNode) edited.get(1).at("/properties/additionalData/softwareDetails");
        unknown.put("category", "Language").put("language", "cobol").putArray("evidence").add("/app/lib/x.cbl");
        CollectingFeed feed = new CollectingFeed();
        reader.read(new ByteArrayInputStream(json.writeValueAsBytes(edited)), Duration.ZERO, feed);
        List<Observation> read = feed.rows;
        assertThat(read.get(0).ecosystem()).isEqualTo("rpm");
        assertThat(read.get(1).ecosystem()).as("unknown stays unknown").isNull();
    }

    private static String ecosystemOf(List<Observation> rows, String packageName) {
        return rows.stream().filter(o -> o.packageName().equals(packageName)).findFirst().orElseThrow().ecosystem();
    }

    @Test
    void acceptsBothSpellingsOfThePushTimeAndShiftsTimes() throws IOException {
        ArrayNode rows = (ArrayNode) json.readTree(Path.of("samples", "day-1.json").toFile()).path("data");
        ObjectNode artifact = (ObjectNode) rows.get(0).at("/properties/additionalData/artifactDetails");
        artifact.remove("lastPushedToRegistryUTC");
        artifact.remove("lastPublishedToRegistryUTC");
        artifact.put("lastPublishedToRegistryUTC", "2026-10-01T08:00:00Z");
        ((ObjectNode) rows.get(0).path("properties")).put("timeGenerated", "2026-10-02T08:00:00.1234567Z");
        ((ObjectNode) rows.get(0).at("/properties/additionalData")).put("cvssV30Score", 9.8);
        CollectingFeed feed = new CollectingFeed();
        reader.read(new ByteArrayInputStream(json.writeValueAsBytes(rows)), Duration.ofDays(1), feed);
        List<Observation> read = feed.rows;
        assertThat(read.get(0).pushedAt()).isEqualTo(Instant.parse("2026-10-02T08:00:00Z"));
        assertThat(read.get(0).scannedAt()).as("shifted, and kept to the microsecond")
                .isEqualTo(Instant.parse("2026-10-03T08:00:00.123456Z"));
        assertThat(read.get(0).cvss()).isEqualByComparingTo(new BigDecimal("9.8"));
    }

    @Test
    void aRetiredQualysRowGivesOneFindingPerCveKeepingItsQid() throws IOException {
        String row = """
                {"id": "/subscriptions/6f1c2d3e-0000-4000-8000-000000000001/resourceGroups/rg-platform/providers/\
                Microsoft.ContainerRegistry/registries/contosoprod/providers/Microsoft.Security/assessments/\
                dbd0cb49-b563-45e7-9724-889e799fa648/subassessments/5d2c1b8e-0000-4000-8000-000000000001",
                 "properties": {"id": "178016", "displayName": "Debian Security Update for openssl (DSA 5343-1)",
                  "status": {"code": "Unhealthy", "severity": "High"}, "timeGenerated": "2023-03-01T10:00:00Z",
                  "additionalData": {"assessedResourceType": "ContainerRegistryVulnerability", "patchable": true,
                   "cvss": {"2.0": {"base": 7.1}, "3.0": {"base": 7.4}},
                   "cve": [{"title": "CVE-2023-0286", "link": "https://nvd.nist.gov/vuln/detail/CVE-2023-0286"}],
                   "repositoryName": "payments/api",
                   "imageDigest": "sha256:4af8e6f002401a965bbe753a381af308b40d8947fad2b9e1f6a369aa81abee59"}}}""";
        List<Observation> read = read(("[" + row + "]").getBytes(), new boolean[1]);
        Observation qualys = read.get(0);
        assertThat(qualys.vulnerabilityId()).as("the CVE, so that KEV can match it").isEqualTo("CVE-2023-0286");
        assertThat(qualys.packageName()).as("the QID stays visible").isEqualTo("(Qualys QID 178016)");
        assertThat(qualys.registryHost()).isEqualTo("contosoprod.azurecr.io");
        assertThat(qualys.repository()).isEqualTo("payments/api");
        assertThat(qualys.cvss()).isEqualByComparingTo(new BigDecimal("7.4"));
        assertThat(qualys.fixStatus()).as("patchable").isEqualTo("FixAvailable");
        assertThat(qualys.fixedVersion()).as("no fixed version: closure rule 1 never applies").isNull();
        assertThat(qualys.ecosystem()).isNull();
    }

    @Test
    void qualysRowsAreKnownByTheirShapeNotOnlyByTheirAssessmentKey() throws IOException {
        CollectingFeed feed = new CollectingFeed();
        // Microsoft's REST example: assessment 21300918-…, not dbd0cb49-…, and a digest without "sha256:".
        assertThat(reader.read(Files.newInputStream(Path.of("src", "test", "resources", "defender",
                "qualys-rest-list.json")), Duration.ZERO, feed)).isEmpty();
        assertThat(feed.rows).extracting(Observation::rowNumber, Observation::vulnerabilityId,
                        Observation::packageName, Observation::severity, Observation::fixStatus)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "CVE-2023-0286", "(Qualys QID 178016)", Severity.HIGH,
                                "FixAvailable"),
                        org.assertj.core.groups.Tuple.tuple(1, "CVE-2023-0215", "(Qualys QID 178016)", Severity.HIGH,
                                "FixAvailable"),
                        org.assertj.core.groups.Tuple.tuple(2, "QID-105937", "(Qualys QID 105937)", Severity.MEDIUM,
                                "NoFixAvailable"));
        assertThat(feed.rows).allSatisfy(o -> {
            assertThat(o.registryHost()).isEqualTo("myregistry.azurecr.io");
            assertThat(o.repository()).isEqualTo("myRepo");
            assertThat(o.digest()).isEqualTo("c186fc44-3154-4ce2-ba18-b719d895c3b0");
            assertThat(o.assessmentKey()).isEqualTo("21300918-b2e3-0346-785f-c77ff57d243b");
        });

        ObjectNode withoutType = (ObjectNode) json.readTree(Path.of("src", "test", "resources", "defender",
                "qualys-rest-list.json").toFile()).at("/value/0");
        ((ObjectNode) withoutType.at("/properties/additionalData")).remove("assessedResourceType");
        CollectingFeed again = new CollectingFeed();
        reader.read(new ByteArrayInputStream(json.writeValueAsBytes(withoutType)), Duration.ZERO, again);
        assertThat(again.rows).as("without the discriminator, repositoryName and imageDigest say Qualys")
                .extracting(Observation::vulnerabilityId).containsExactly("CVE-2023-0286", "CVE-2023-0215");
    }

    @Test
    void aTruncatedOrPagedResultIsReportedAsIncomplete() {
        boolean[] complete = new boolean[1];
        read("{\"resultTruncated\": \"true\", \"data\": []}".getBytes(), complete);
        assertThat(complete[0]).isFalse();
        read("{\"data\": [], \"$skipToken\": \"ew0KICAiJGlkIjogIjEiLA0K\"}".getBytes(), complete);
        assertThat(complete[0]).as("one page of a paged result").isFalse();
        read("{\"data\": [], \"$skipToken\": null, \"resultTruncated\": \"false\"}".getBytes(), complete);
        assertThat(complete[0]).isTrue();
    }

    @Test
    void aRestListBodyIsReadLikeAResourceGraphBodyAndItsNextLinkMakesItOnePage() throws IOException {
        ArrayNode value = json.createArrayNode();
        day1Rows().forEach(row -> value.add(restForm(row)));
        ObjectNode list = json.createObjectNode();
        list.set("value", value);
        list.putNull("nextLink");
        CollectingFeed feed = new CollectingFeed();
        assertThat(reader.read(new ByteArrayInputStream(json.writeValueAsBytes(list)), Duration.ZERO, feed))
                .as("the last page").isEmpty();
        assertThat(feed.rows).as("subscription and resource group come from the id")
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("rawId")
                .containsExactlyElementsOf(read(Files.readAllBytes(Path.of("samples", "day-1.json")), new boolean[1]));
        assertThat(feed.rows.get(0).rawId()).as("as the API spells it").contains("/subAssessments/");

        list.put("nextLink", "https://management.azure.com/subscriptions/6f1c2d3e-0000-4000-8000-000000000001/"
                + "providers/Microsoft.Security/subAssessments?api-version=2019-01-01-preview&$skipToken=abc");
        assertThat(reader.read(new ByteArrayInputStream(json.writeValueAsBytes(list)), Duration.ZERO,
                new CollectingFeed()))
                .contains("the export is one page of a REST list (it carries a nextLink to more rows)");
    }

    @Test
    void oneSubAssessmentAsTheRestApiReturnsItIsOneRow() throws IOException {
        ObjectNode one = restForm(day1Rows().get(3));
        CollectingFeed feed = new CollectingFeed();
        assertThat(reader.read(new ByteArrayInputStream(json.writeValueAsBytes(one)), Duration.ZERO, feed)).isEmpty();
        assertThat(feed.rows).singleElement().usingRecursiveComparison().ignoringFields("rowNumber", "rawId")
                .isEqualTo(read(Files.readAllBytes(Path.of("samples", "day-1.json")), new boolean[1]).get(3));
    }

    @Test
    void pagesAndTruncationSayWhyTheSweepIsPartial() {
        assertThat(reader.read(new ByteArrayInputStream("{\"data\": [], \"$skipToken\": \"ew0K\"}".getBytes()),
                Duration.ZERO, new CollectingFeed()))
                .contains("the export is one page of a paged result (it carries a $skipToken)");
        assertThat(reader.read(new ByteArrayInputStream("{\"totalRecords\": 386, \"data\": []}".getBytes()),
                Duration.ZERO, new CollectingFeed()))
                .contains("the export holds 0 of the 386 rows its totalRecords announces");
    }

    private ArrayNode day1Rows() throws IOException {
        return (ArrayNode) json.readTree(Path.of("samples", "day-1.json").toFile()).path("data");
    }

    /** A row as the sub-assessments REST API returns it: id, name, type and properties only. */
    private ObjectNode restForm(com.fasterxml.jackson.databind.JsonNode row) {
        ObjectNode rest = json.createObjectNode();
        rest.put("id", row.path("id").asText().replace("/subassessments/", "/subAssessments/"));
        rest.put("name", row.path("name").asText());
        rest.put("type", "Microsoft.Security/assessments/subAssessments");
        rest.set("properties", row.path("properties"));
        return rest;
    }
}
