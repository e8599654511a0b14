package dev.fixline.ingest.file;

import dev.fixline.ingest.defender.PortalColumn;
import static dev.fixline.ingest.file.PortalCsvReaderTest.bigDecimalsByValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.finding.Observation;
import dev.fixline.ingest.SweepRejectedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The blog post's query against today's rows, and the corrected query published in docs/queries.md,
 * each evaluated on the day-1 sample rows the way Resource Graph would project them.
 */
class CorrectedQueryTest {

    private static final Path DAY_1 = Path.of("samples", "day-1.json");
    private static final Path QUERIES = Path.of("docs", "queries.md");
    /** Projected for the blog post's column list, not read. */
    private static final Set<String> NOT_READ = Set.of("publishedtime", "tenantid");

    /**
     * Where the blog post's query reads its columns: Qualys-era fields of {@code additionalData} and a
     * package object that no Defender row has (see defender-arg.md, §1.4).
     */
    private static final Map<String, String> BLOG_QUERY = new LinkedHashMap<>();

    static {
        BLOG_QUERY.put("repositoryName", "properties.additionalData.repositoryName");
        BLOG_QUERY.put("registryName", "properties.additionalData.registryHost");
        BLOG_QUERY.put("imageDigest", "properties.additionalData.imageDigest");
        BLOG_QUERY.put("vulnName", "properties.displayName");
        BLOG_QUERY.put("scanFindingSeverity", "properties.status.severity");
        BLOG_QUERY.put("publishedTime", "properties.additionalData.publishedTime");
        BLOG_QUERY.put("cvssV30Score", "properties.additionalData.cvssV30Score");
        BLOG_QUERY.put("packageName", "properties.additionalData.packageInformation.name");
        BLOG_QUERY.put("installedPackageVersion", "properties.additionalData.packageInformation.installedVersion");
        BLOG_QUERY.put("fixedPackageVersion", "properties.additionalData.packageInformation.fixedVersion");
        BLOG_QUERY.put("tenantId", "tenantId");
        BLOG_QUERY.put("resourceGroup", "resourceGroup");
        BLOG_QUERY.put("subscriptionId", "subscriptionId");
    }

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theBlogQueryOnTodaysRowsIsRefusedWithAPointerToTheCorrectedOne() throws IOException {
        ArrayNode projected = json.createArrayNode();
        for (JsonNode row : day1Rows()) {
            ObjectNode flat = projected.addObject();
            BLOG_QUERY.forEach((name, path) -> flat.set(name, orNull(at(row, path))));
        }
        String expected = "file: repositoryName, imageDigest and packageName are blank in every row (41 rows): "
                + "the query that made this export reads fields that today's Defender rows (MDVM) no longer carry";
        assertThatThrownBy(() -> readJson(json.writeValueAsBytes(projected)))
                .isInstanceOfSatisfying(SweepRejectedException.class, e -> {
                    assertThat(e.getMessage()).startsWith(expected).endsWith("Export with the corrected query in "
                            + "docs/queries.md, which projects the same columns from today's schema");
                    assertThat(e.row()).isZero();
                });
        assertThatThrownBy(() -> readCsv(ProjectedCsv.of(projected))).hasMessageStartingWith(expected);
    }

    @Test
    void aFewBlankRowsAmongGoodOnesAreBadRowsOfTheirOwn() throws IOException {
        ArrayNode projected = project(correctedQuery());
        ((ObjectNode) projected.get(7)).put("repositoryName", "").put("imageDigest", "").put("packageName", "");
        ((ObjectNode) projected.get(0)).put("repositoryName", "").putNull("imageDigest").put("packageName", "");
        assertThatThrownBy(() -> readJson(json.writeValueAsBytes(projected)))
                .hasMessage("row 1, field repositoryName: missing; it is part of the finding key");
        projected.remove(0);
        assertThatThrownBy(() -> readCsv(ProjectedCsv.of(projected)))
                .hasMessage("row 7, field repositoryName: missing; it is part of the finding key");
    }

    @Test
    void theCorrectedQueryProjectsColumnsFixlineReads() throws IOException {
        Map<String, String> query = correctedQuery();
        assertThat(query.keySet()).as("the blog post's column names, all of them").containsAll(BLOG_QUERY.keySet());
        Set<String> accepted = Arrays.stream(PortalColumn.values()).flatMap(c -> c.names().stream())
                .map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        assertThat(query.keySet()).allSatisfy(name -> assertThat(
                accepted.contains(name.toLowerCase(Locale.ROOT)) || NOT_READ.contains(name.toLowerCase(Locale.ROOT)))
                .as(name + " is a column Fixline reads").isTrue());
    }

    @Test
    void theCorrectedQueryGivesWhatTheWholeRowsGive() throws IOException {
        ArrayNode projected = project(correctedQuery());
        List<Observation> wholeRows = readJson(Files.readAllBytes(DAY_1));
        assertThat(readJson(json.writeValueAsBytes(projected))).hasSize(41)
                .usingRecursiveFieldByFieldElementComparator(bigDecimalsByValue())
                .as("every field: push and scan times, status, ecosystem, tags")
                .containsExactlyElementsOf(wholeRows);
        assertThat(readCsv(ProjectedCsv.of(projected)))
                .usingRecursiveFieldByFieldElementComparator(bigDecimalsByValue())
                .containsExactlyElementsOf(wholeRows);
    }

    /** The corrected query's {@code project} clause from docs/queries.md: column → expression. */
    private static Map<String, String> correctedQuery() throws IOException {
        String doc = Files.readString(QUERIES);
        int section = doc.indexOf("## The blog post's columns, from today's schema");
        Matcher block = Pattern.compile("```kusto\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(block.find(section)).as("a query in that section").isTrue();
        String kql = block.group(1);
        Matcher project = Pattern.compile("\\| project (.*?)\\n\\|", Pattern.DOTALL).matcher(kql);
        assertThat(project.find()).isTrue();
        Map<String, String> columns = new LinkedHashMap<>();
        for (String item : project.group(1).split(",")) {
            String[] parts = item.trim().split("\\s*=\\s*", 2);
            columns.put(parts[0], parts.length == 2 ? parts[1] : parts[0]);
        }
        return columns;
    }

    /** Each day-1 row projected as Resource Graph would: tostring() of nothing is "", dynamic stays JSON. */
    private ArrayNode project(Map<String, String> columns) throws IOException {
        String kql = Files.readString(QUERIES);
        Map<String, String> aliases = new LinkedHashMap<>();
        Matcher alias = Pattern.compile("(artifact|software|vulnerability) = (properties\\.[\\w.]+)").matcher(kql);
        while (alias.find()) {
            aliases.put(alias.group(1), alias.group(2));
        }
        assertThat(aliases).containsOnlyKeys("artifact", "software", "vulnerability");
        ArrayNode projected = json.createArrayNode();
        for (JsonNode row : day1Rows()) {
            ObjectNode flat = projected.addObject();
            columns.forEach((name, expression) -> flat.set(name, evaluate(row, expression, aliases)));
        }
        return projected;
    }

    private JsonNode evaluate(JsonNode row, String expression, Map<String, String> aliases) {
        Matcher call = Pattern.compile("(tostring|todouble)\\((.+)\\)").matcher(expression);
        String path = call.matches() ? call.group(2) : expression;
        String head = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
        if (aliases.containsKey(head)) {
            path = aliases.get(head) + path.substring(head.length());
        }
        JsonNode value = at(row, path);
        if (!call.matches()) {
            return orNull(value);
        }
        if (call.group(1).equals("todouble")) {
            return value == null ? json.nullNode() : json.getNodeFactory().numberNode(value.asDouble());
        }
        return json.getNodeFactory().textNode(value == null ? "" : value.isValueNode() ? value.asText()
                : value.toString());
    }

    private static JsonNode at(JsonNode row, String dottedPath) {
        JsonNode node = row.at("/" + dottedPath.replace('.', '/'));
        return node.isMissingNode() || node.isNull() ? null : node;
    }

    private JsonNode orNull(JsonNode node) {
        return node == null ? json.nullNode() : node;
    }

    private List<Observation> readJson(byte[] body) {
        return ProjectedCsv.readJson(json, body);
    }

    private List<Observation> readCsv(String csv) {
        return ProjectedCsv.readCsv(csv);
    }

    private ArrayNode day1Rows() throws IOException {
        return (ArrayNode) json.readTree(DAY_1.toFile()).path("data");
    }
}
