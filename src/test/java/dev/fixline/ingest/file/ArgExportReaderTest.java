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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a row of Defender's sub-assessments becomes an observation. */
class ArgExportReaderTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final ArgExportReader reader = new ArgExportReader(json);

    private List<Observation> read(byte[] body, boolean[] complete) {
        List<Observation> rows = new ArrayList<>();
        complete[0] = reader.read(new ByteArrayInputStream(body), Duration.ZERO, rows::add);
        return rows;
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
        List<Observation> read = new ArrayList<>();
        reader.read(new ByteArrayInputStream(json.writeValueAsBytes(edited)), Duration.ZERO, read::add);
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
        List<Observation> read = new ArrayList<>();
        reader.read(new ByteArrayInputStream(json.writeValueAsBytes(rows)), Duration.ofDays(1), read::add);
        assertThat(read.get(0).pushedAt()).isEqualTo(Instant.parse("2026-10-02T08:00:00Z"));
        assertThat(read.get(0).scannedAt()).as("shifted, and kept to the microsecond")
                .isEqualTo(Instant.parse("2026-10-03T08:00:00.123456Z"));
        assertThat(read.get(0).cvss()).isEqualByComparingTo(new BigDecimal("9.8"));
    }

    @Test
    void aRetiredQualysRowIsReadAsFarAsItGoes() throws IOException {
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
        assertThat(qualys.vulnerabilityId()).isEqualTo("QID-178016");
        assertThat(qualys.packageName()).isEqualTo("(unknown package)");
        assertThat(qualys.registryHost()).isEqualTo("contosoprod.azurecr.io");
        assertThat(qualys.repository()).isEqualTo("payments/api");
        assertThat(qualys.cvss()).isEqualByComparingTo(new BigDecimal("7.4"));
        assertThat(qualys.fixedVersion()).as("no fixed version: closure rule 1 never applies").isNull();
        assertThat(qualys.ecosystem()).isNull();
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
}
