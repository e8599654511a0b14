package dev.fixline.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.fixline.finding.Observation;
import dev.fixline.finding.Severity;
import dev.fixline.ingest.SweepRejectedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.Test;

/** How a CSV downloaded from Resource Graph Explorer becomes observations, compared with the JSON export. */
class PortalCsvReaderTest {

    private static final Path DAY_1 = Path.of("samples", "day-1.json");
    private static final String BOM = "\uFEFF";

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final PortalCsvReader reader = new PortalCsvReader();

    /** The columns of Defender's seed query, and where each comes from in a sub-assessment row. */
    static final Map<String, Function<JsonNode, String>> SEED_QUERY = new LinkedHashMap<>();
    /** Columns users often add; {@code description} is not read, but its text has commas and a line break. */
    static final Map<String, Function<JsonNode, String>> EXTRA = new LinkedHashMap<>();

    static {
        SEED_QUERY.put("id", row -> row.path("id").asText());
        SEED_QUERY.put("subscriptionId", row -> row.path("subscriptionId").asText());
        SEED_QUERY.put("resourceGroup", row -> row.path("resourceGroup").asText());
        SEED_QUERY.put("registryResourceId",
                row -> row.path("id").asText().split("/providers/Microsoft.Security/assessments/")[0]);
        SEED_QUERY.put("repositoryName", row -> artifact(row).path("repositoryName").asText());
        SEED_QUERY.put("registryName", row -> artifact(row).path("registryHost").asText());
        SEED_QUERY.put("imageDigest", row -> artifact(row).path("digest").asText());
        SEED_QUERY.put("vulnId", row -> row.at("/properties/id").asText());
        SEED_QUERY.put("vulnName", row -> row.at("/properties/displayName").asText());
        SEED_QUERY.put("scanFindingSeverity", row -> row.at("/properties/status/severity").asText());
        SEED_QUERY.put("publishedTime", row -> vulnerability(row).path("publishedDate").asText());
        SEED_QUERY.put("cvssV30Score", row -> row.at("/properties/additionalData/cvssV30Score").asText());
        SEED_QUERY.put("packageName", row -> software(row).path("packageName").asText());
        SEED_QUERY.put("installedPackageVersion", row -> software(row).path("version").asText());
        SEED_QUERY.put("fixedPackageVersion", row -> software(row).path("fixedVersion").asText());

        EXTRA.put("statusCode", row -> row.at("/properties/status/code").asText());
        EXTRA.put("statusCause", row -> row.at("/properties/status/cause").asText());
        EXTRA.put("timeGenerated", row -> row.at("/properties/timeGenerated").asText());
        EXTRA.put("lastPushedToRegistryUTC", row -> artifact(row).path("lastPushedToRegistryUTC").asText());
        EXTRA.put("lastPublishedToRegistryUTC", row -> artifact(row).path("lastPublishedToRegistryUTC").asText());
        EXTRA.put("tags", row -> artifact(row).path("tags").toString()); // JSON text, as the portal writes arrays
        EXTRA.put("fixStatus", row -> software(row).path("fixStatus").asText());
        EXTRA.put("category", row -> software(row).path("category").asText());
        EXTRA.put("language", row -> software(row).path("language").asText());
        EXTRA.put("osVersion", row -> software(row).at("/osDetails/osVersion").asText());
        EXTRA.put("vendor", row -> software(row).path("vendor").asText());
        EXTRA.put("evidence", row -> software(row).path("evidence").toString());
        EXTRA.put("cveId", row -> vulnerability(row).path("cveId").asText());
        EXTRA.put("severity", row -> vulnerability(row).path("severity").asText());
        EXTRA.put("description", row -> row.at("/properties/remediation").asText() + "\n"
                + row.at("/properties/description").asText());
    }

    private static JsonNode artifact(JsonNode row) {
        return row.at("/properties/additionalData/artifactDetails");
    }

    private static JsonNode software(JsonNode row) {
        return row.at("/properties/additionalData/softwareDetails");
    }

    private static JsonNode vulnerability(JsonNode row) {
        return row.at("/properties/additionalData/vulnerabilityDetails");
    }

    @Test
    void aPortalCsvGivesWhatTheJsonExportGivesForTheSameRows() throws IOException {
        Map<String, Function<JsonNode, String>> columns = new LinkedHashMap<>(SEED_QUERY);
        columns.putAll(EXTRA);
        String csv = csvOf(sampleRows(), shuffledAndRecased(columns));
        assertThat(csv).as("the test covers the awkward parts of RFC 4180")
                .startsWith(BOM).contains("\r\n").contains("\"\"").contains(", ").containsPattern("\"[^\"\r]*\n");

        List<Observation> fromCsv = read(csv);
        List<Observation> fromJson = readJson();
        assertThat(fromCsv).hasSize(41)
                .usingRecursiveFieldByFieldElementComparator(bigDecimalsByValue())
                .as("every field, since the CSV carries all of them")
                .containsExactlyElementsOf(fromJson);
    }

    @Test
    void theSeedQueryColumnsAloneGiveTheFindingFields() throws IOException {
        List<Observation> fromCsv = read(csvOf(sampleRows(), shuffledAndRecased(SEED_QUERY)));
        assertThat(fromCsv)
                .usingRecursiveFieldByFieldElementComparatorOnFields("rowNumber", "rawId", "assessmentKey",
                        "subscriptionId", "resourceGroup", "registryResourceId", "registryHost", "repository",
                        "digest", "vulnerabilityId", "packageName", "installedVersion", "fixedVersion", "severity",
                        "cvss")
                .containsExactlyElementsOf(readJson());
        assertThat(fromCsv).as("without a statusCode column every row is a finding")
                .allSatisfy(o -> assertThat(o.statusCode()).isEqualTo(Observation.UNHEALTHY));
    }

    @Test
    void derivesTheRegistryFromTheIdPrefersACveAndShiftsTimes() {
        String csv = """
                id,repositoryName,imageDigest,vulnId,cveId,packageName,severity,timeGenerated,lastPublishedToRegistryUTC
                /subscriptions/s-1/resourceGroups/RG-Apps/providers/Microsoft.ContainerRegistry/registries/ContosoDev\
                /providers/Microsoft.Security/assessments/c0b7/subassessments/x1,app,sha256:ab,GHSA-aaaa-bbbb-cccc,\
                CVE-2024-1234,lodash,moderate,2026-10-02T08:00:00.1234567Z,2026-10-01T08:00:00
                """;
        Observation o = read(csv, Duration.ofDays(1)).get(0);
        assertThat(o.registryHost()).isEqualTo("contosodev.azurecr.io");
        assertThat(o.registryResourceId()).endsWith("/registries/ContosoDev");
        assertThat(o.subscriptionId()).isEqualTo("s-1");
        assertThat(o.resourceGroup()).isEqualTo("RG-Apps");
        assertThat(o.assessmentKey()).isEqualTo("c0b7");
        assertThat(o.vulnerabilityId()).isEqualTo("CVE-2024-1234");
        assertThat(o.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(o.statusCode()).isEqualTo("Unhealthy");
        assertThat(o.scannedAt()).as("shifted, and kept to the microsecond")
                .isEqualTo(Instant.parse("2026-10-03T08:00:00.123456Z"));
        assertThat(o.pushedAt()).isEqualTo(Instant.parse("2026-10-02T08:00:00Z"));
        assertThat(o.cvss()).isNull();
    }

    @Test
    void aMissingRequiredColumnRejectsTheFile() {
        assertRejected("registryName,repositoryName,imageDigest,vulnId,scanFindingSeverity\r\n"
                        + "a.azurecr.io,app,sha256:ab,CVE-2024-1,High\r\n",
                0, "packageName", "file, field packageName: the header has no such column");
        assertRejected("repositoryName,imageDigest,vulnId,packageName,scanFindingSeverity\r\n",
                0, "registryHost", "also accepted: registryName");
    }

    @Test
    void aBlankRequiredValueNamesItsRowAndColumn() {
        // A quoted line break in a column Fixline does not keep spans two lines of one row.
        assertRejected(BOM + "RegistryName,RepositoryName,ImageDigest,VulnId,PackageName,ScanFindingSeverity,Notes\r\n"
                        + "a.azurecr.io,app,sha256:ab,CVE-2024-1,zlib,High,\r\n"
                        + "a.azurecr.io,app,sha256:ab,CVE-2024-2,zlib,High,\"multi\nline\"\r\n"
                        + "a.azurecr.io,app,sha256:ab,CVE-2024-3,\"  \",High,\r\n",
                3, "PackageName", "row 3, field PackageName: missing; it is part of the finding key");
        // In a value Fixline keeps, it is refused: values are one line (a mail subject quotes them).
        assertRejected("RegistryName,RepositoryName,ImageDigest,VulnId,PackageName,ScanFindingSeverity\r\n"
                        + "a.azurecr.io,\"multi\nline\",sha256:ab,CVE-2024-2,zlib,High\r\n",
                1, "repository", "row 1, field repository: holds a line feed (U+000A) at character 6");
    }

    @Test
    void badValuesNameTheirRowAndColumn() {
        String header = "registryName,repositoryName,imageDigest,vulnId,packageName,scanFindingSeverity,"
                + "cvssV30Score,timeGenerated\r\n";
        String good = "a.azurecr.io,app,sha256:ab,CVE-2024-1,zlib,High,7.5,2026-10-02T08:00:00Z\r\n";
        assertRejected(header + good + "a.azurecr.io,app,sha256:ab,CVE-2024-2,zlib,Severe,7.5,\r\n",
                2, "scanFindingSeverity", "row 2, field scanFindingSeverity: unknown severity 'Severe'");
        assertRejected(header + "a.azurecr.io,app,sha256:ab,CVE-2024-2,zlib,High,\"7,5\",\r\n",
                1, "cvssV30Score", "not a number: 7,5");
        assertRejected(header + "a.azurecr.io,app,sha256:ab,CVE-2024-2,zlib,High,,10/02/2026 08:00\r\n",
                1, "timeGenerated", "not an ISO-8601 date-time");
        assertRejected(header + good + "a.azurecr.io,app,sha256:ab\r\n", 2, null, "has 3 values");
    }

    @Test
    void anUnterminatedQuoteRejectsTheFileNamingTheRow() {
        assertRejected("registryName,repositoryName,imageDigest,vulnId,packageName,scanFindingSeverity\r\n"
                        + "a.azurecr.io,app,sha256:ab,CVE-2024-1,zlib,High\r\n"
                        + "a.azurecr.io,\"app,sha256:ab,CVE-2024-2,zlib,High\r\n",
                2, null, "row 2: malformed CSV: the record that starts on line 3 has a quoted field that is never closed");
        assertRejected("", 0, null, "file: the file is empty");
    }

    @Test
    void readsOneRowAtATime() {
        String header = "registryName,repositoryName,imageDigest,vulnId,packageName,scanFindingSeverity\r\n";
        String row = "a.azurecr.io,app,sha256:ab,CVE-2024-1,zlib,High\r\n";
        byte[] csv = (header + row.repeat(50_000)).getBytes(StandardCharsets.UTF_8);
        int[] consumed = new int[1];
        InputStream counting = new ByteArrayInputStream(csv) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                consumed[0] += Math.max(n, 0);
                return n;
            }
        };
        int[] whenFirst = {-1};
        reader.read(counting, Duration.ZERO, o -> {
            if (whenFirst[0] < 0) {
                whenFirst[0] = consumed[0];
            }
        });
        assertThat(whenFirst[0]).as("bytes read before the first row arrived").isBetween(1, 64 * 1024);
        assertThat(consumed[0]).isEqualTo(csv.length);
    }

    private void assertRejected(String csv, int row, String field, String message) {
        assertThatThrownBy(() -> read(csv)).isInstanceOfSatisfying(SweepRejectedException.class, e -> {
            assertThat(e.row()).isEqualTo(row);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(message);
        });
    }

    private List<Observation> read(String csv) {
        return read(csv, Duration.ZERO);
    }

    private List<Observation> read(String csv, Duration shift) {
        List<Observation> rows = new ArrayList<>();
        assertThat(reader.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), shift, rows::add))
                .isTrue();
        return rows;
    }

    private List<Observation> readJson() throws IOException {
        CollectingFeed feed = new CollectingFeed();
        new ArgExportReader(json).read(Files.newInputStream(DAY_1), Duration.ZERO, feed);
        return feed.rows;
    }

    private List<JsonNode> sampleRows() throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        json.readTree(DAY_1.toFile()).path("data").forEach(rows::add);
        return rows;
    }

    /** Reversed and alternately upper- and lower-cased, so nothing can depend on position or case. */
    static Map<String, Function<JsonNode, String>> shuffledAndRecased(
            Map<String, Function<JsonNode, String>> columns) {
        List<String> names = new ArrayList<>(columns.keySet());
        Collections.reverse(names);
        Map<String, Function<JsonNode, String>> result = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            result.put(i % 2 == 0 ? name.toUpperCase(Locale.ROOT) : name.toLowerCase(Locale.ROOT),
                    columns.get(name));
        }
        return result;
    }

    /** RFC 4180 as the portal writes it: a byte-order mark, CRLF, quotes only where needed. */
    private static String csvOf(List<JsonNode> rows, Map<String, Function<JsonNode, String>> columns) {
        StringBuilder csv = new StringBuilder(BOM);
        csv.append(String.join(",", columns.keySet().stream().map(PortalCsvReaderTest::quoted).toList()))
                .append("\r\n");
        for (JsonNode row : rows) {
            csv.append(String.join(",", columns.values().stream().map(f -> quoted(f.apply(row))).toList()))
                    .append("\r\n");
        }
        return csv.toString();
    }

    private static String quoted(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    static RecursiveComparisonConfiguration bigDecimalsByValue() {
        return RecursiveComparisonConfiguration.builder()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).build();
    }
}
