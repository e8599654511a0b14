package dev.fixline.ingest.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;

/** Projected rows (what a query's {@code project} gives) written out as the portal's CSV download. */
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
}
