package dev.fixline.ingest.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.finding.Observation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Projected rows (what a query's {@code project} gives) written out as the portal's CSV download, and
 * exports read back through the real readers.
 */
final class ProjectedCsv {

    private ProjectedCsv() {
    }

    /** RFC 4180, every value quoted, the header from the first row's columns; nulls become empty cells. */
    static String of(ArrayNode projected) {
        List<String> names = new ArrayList<>();
        projected.get(0).fieldNames().forEachRemaining(names::add);
        StringBuilder csv = new StringBuilder(String.join(",", names)).append("\r\n");
        for (JsonNode row : projected) {
            List<String> cells = new ArrayList<>();
            for (String name : names) {
                JsonNode v = row.get(name);
                String text = v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
                cells.add("\"" + text.replace("\"", "\"\"") + "\"");
            }
            csv.append(String.join(",", cells)).append("\r\n");
        }
        return csv.toString();
    }

    /** The observations a JSON export gives. */
    static List<Observation> readJson(ObjectMapper json, byte[] body) {
        CollectingFeed feed = new CollectingFeed();
        new ArgExportReader(json).read(new ByteArrayInputStream(body), Duration.ZERO, feed);
        return feed.rows;
    }

    /** The observations a portal CSV gives. */
    static List<Observation> readCsv(String csv) {
        List<Observation> rows = new ArrayList<>();
        new PortalCsvReader().read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), Duration.ZERO,
                rows::add);
        return rows;
    }
}
