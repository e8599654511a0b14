package dev.fixline.ingest.file;

import static dev.fixline.ingest.file.PortalCsvReaderTest.EXTRA;
import static dev.fixline.ingest.file.PortalCsvReaderTest.SEED_QUERY;
import static dev.fixline.ingest.file.PortalCsvReaderTest.bigDecimalsByValue;
import static dev.fixline.ingest.file.PortalCsvReaderTest.shuffledAndRecased;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.fixline.finding.Observation;
import dev.fixline.ingest.SweepRejectedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The columns of the query in Microsoft's blog post on container-registry scanning, exported as JSON
 * (Resource Graph Explorer's JSON download, or a REST body) rather than CSV: read by the same column
 * mapping, with JSON's own types (numbers, arrays).
 */
class JsonProjectionTest {

    private static final Path DAY_1 = Path.of("samples", "day-1.json");

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

    @Test
    void theBlogColumnsAsJsonGiveWhatTheirCsvGives() throws IOException {
        Map<String, Function<JsonNode, String>> columns = new LinkedHashMap<>(SEED_QUERY);
        columns.putAll(EXTRA);
        columns = shuffledAndRecased(columns);
        ArrayNode projected = project(columns);
        assertThat(field(projected.get(0), "cvssV30Score").isNumber()).as("a JSON number, as Resource Graph sends it")
                .isTrue();
        assertThat(field(projected.get(0), "tags").isArray()).as("a JSON array").isTrue();

        List<Observation> fromJson = readJson(json.writeValueAsBytes(projected));
        List<Observation> fromCsv = readCsv(ProjectedCsv.of(projected));
        assertThat(fromJson).hasSize(41)
                .usingRecursiveFieldByFieldElementComparator(bigDecimalsByValue())
                .containsExactlyElementsOf(fromCsv)
                .as("and every field the sub-assessment rows give")
                .containsExactlyElementsOf(readJson(java.nio.file.Files.readAllBytes(DAY_1)));

        ObjectNode body = json.createObjectNode().put("totalRecords", 41).put("count", 41)
                .put("resultTruncated", "false");
        body.set("data", projected);
        assertThat(readJson(json.writeValueAsBytes(body))).as("the same rows in a Resource Graph body")
                .usingRecursiveFieldByFieldElementComparator(bigDecimalsByValue())
                .containsExactlyElementsOf(fromJson);
    }

    @Test
    void theBlogColumnsAloneAreEnough() throws IOException {
        List<Observation> fromJson = readJson(json.writeValueAsBytes(project(SEED_QUERY)));
        assertThat(fromJson)
                .usingRecursiveFieldByFieldElementComparatorOnFields("rawId", "subscriptionId", "resourceGroup",
                        "registryHost", "repository", "digest", "vulnerabilityId", "packageName",
                        "installedVersion", "fixedVersion", "severity", "cvss")
                .containsExactlyElementsOf(readJson(java.nio.file.Files.readAllBytes(DAY_1)));
    }

    @Test
    void wrongJsonTypesAndMissingKeyColumnsNameTheirRowAndColumn() {
        String good = "{\"registryName\": \"contosoprod.azurecr.io\", \"repositoryName\": \"payments/api\", "
                + "\"imageDigest\": \"sha256:ab\", \"vulnName\": \"CVE-2023-4911\", \"packageName\": \"libc6\", "
                + "\"scanFindingSeverity\": \"High\", \"cvssV30Score\": 7.8}";
        assertRejected("[" + good + ", {\"registryName\": \"contosoprod.azurecr.io\", \"repositoryName\": "
                        + "{\"name\": \"payments/api\"}, \"imageDigest\": \"sha256:ab\"}]",
                2, "repositoryName", "row 2, field repositoryName: expected a string, found object");
        assertRejected("[" + good.replace("\"libc6\"", "[\"libc6\"]") + "]",
                1, "packageName", "expected a string, found array");
        assertRejected("[" + good.replace("7.8", "\"seven\"") + "]", 1, "cvssV30Score", "not a number: seven");
        assertRejected("[" + good.replace("\"packageName\": \"libc6\", ", "") + "]",
                1, "packageName", "row 1, field packageName: missing; it is part of the finding key");
    }

    @Test
    void aRowOfNeitherShapeSaysWhatIsAcceptedAndWhatItFound() {
        assertRejected("[{\"name\": \"0c5a7e2b\", \"type\": \"microsoft.security/assessments/subassessments\"}]",
                1, null, "row 1: expected a sub-assessment (an object with id and properties) or a row of "
                        + "projected columns (such as repositoryName, imageDigest, vulnName, packageName, "
                        + "scanFindingSeverity); found an object with fields name, type");
    }

    /** Each day-1 row as a flat JSON object of these columns: numbers and lists keep their JSON types. */
    private ArrayNode project(Map<String, Function<JsonNode, String>> columns) throws IOException {
        ArrayNode projected = json.createArrayNode();
        for (JsonNode row : json.readTree(DAY_1.toFile()).path("data")) {
            ObjectNode flat = projected.addObject();
            columns.forEach((name, value) -> {
                switch (name.toLowerCase(Locale.ROOT)) {
                    case "cvssv30score" -> flat.set(name, valueOrNull(row.at("/properties/additionalData/cvssV30Score")));
                    case "tags" -> flat.set(name, valueOrNull(row.at("/properties/additionalData/artifactDetails/tags")));
                    case "evidence" -> flat.set(name,
                            valueOrNull(row.at("/properties/additionalData/softwareDetails/evidence")));
                    default -> {
                        String text = value.apply(row);
                        if (text.isEmpty()) {
                            flat.putNull(name); // Resource Graph sends a projected column without a value as null
                        } else {
                            flat.put(name, text);
                        }
                    }
                }
            });
        }
        return projected;
    }

    private static JsonNode field(JsonNode row, String name) {
        for (var fields = row.fields(); fields.hasNext(); ) {
            var field = fields.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        throw new AssertionError("no field " + name);
    }

    private JsonNode valueOrNull(JsonNode node) {
        return node.isMissingNode() ? json.nullNode() : node;
    }

    private List<Observation> readJson(byte[] body) {
        return ProjectedCsv.readJson(json, body);
    }

    private List<Observation> readCsv(String csv) {
        return ProjectedCsv.readCsv(csv);
    }

    private void assertRejected(String body, int row, String field, String message) {
        assertThatThrownBy(() -> readJson(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(SweepRejectedException.class, e -> {
                    assertThat(e.getMessage()).contains(message);
                    assertThat(e.row()).isEqualTo(row);
                    assertThat(e.field()).isEqualTo(field);
                });
    }
}
