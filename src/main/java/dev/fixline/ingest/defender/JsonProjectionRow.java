package dev.fixline.ingest.defender;

import dev.fixline.limits.AsciiCase;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fixline.ingest.SweepRejectedException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A flat JSON object of a query's projected columns, such as a row of the query in Microsoft's blog
 * post on container-registry scanning, exported as JSON instead of CSV. Keys are matched like CSV
 * headers (case-insensitively, by {@link PortalColumn} name); JSON numbers and booleans are read as
 * their text, and arrays only where a column holds a list (tags, evidence).
 */
public final class JsonProjectionRow implements ProjectionRow {

    /** Columns that only a projection of Defender's findings has; a row with one of them is such a projection. */
    private static final Set<PortalColumn> DISTINCTIVE = EnumSet.of(PortalColumn.REPOSITORY, PortalColumn.DIGEST,
            PortalColumn.VULNERABILITY, PortalColumn.PACKAGE, PortalColumn.SEVERITY, PortalColumn.REGISTRY_HOST,
            PortalColumn.INSTALLED_VERSION, PortalColumn.FIXED_VERSION);
    private static final Set<PortalColumn> LISTS = EnumSet.of(PortalColumn.TAGS, PortalColumn.EVIDENCE);

    private final int number;
    private final JsonNode row;
    /** Lower-cased key → the key as the row spells it. */
    private final Map<String, String> keys;

    private JsonProjectionRow(int number, JsonNode row, Map<String, String> keys) {
        this.number = number;
        this.row = row;
        this.keys = keys;
    }

    /**
     * The row read as projected columns, or null when it is not one: a row with {@code properties} is
     * a sub-assessment, and a row without any of the distinctive columns is something else.
     */
    public static JsonProjectionRow of(int number, JsonNode row) {
        if (!row.isObject() || row.has("properties")) {
            return null;
        }
        Map<String, String> keys = new HashMap<>();
        for (Iterator<String> names = row.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            keys.putIfAbsent(AsciiCase.lower(name), name);
        }
        for (PortalColumn column : DISTINCTIVE) {
            for (String name : column.names()) {
                if (keys.containsKey(AsciiCase.lower(name))) {
                    return new JsonProjectionRow(number, row, keys);
                }
            }
        }
        return null;
    }

    @Override
    public int number() {
        return number;
    }

    @Override
    public List<Cell> cells(PortalColumn column) {
        List<Cell> cells = new ArrayList<>();
        for (String name : column.names()) {
            String key = keys.get(AsciiCase.lower(name));
            if (key == null) {
                continue;
            }
            String value = text(column, key, row.get(key));
            if (value != null && !value.isEmpty()) {
                cells.add(new Cell(key, value));
            }
        }
        return cells;
    }

    private String text(PortalColumn column, String key, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isTextual()) {
            return value.asText().trim();
        }
        if (value.isNumber()) {
            return value.decimalValue().toPlainString();
        }
        if (value.isBoolean()) {
            return value.asText();
        }
        if (value.isArray() && LISTS.contains(column)) {
            return value.isEmpty() ? null : value.toString(); // JSON text, as a CSV cell holds a list
        }
        throw new SweepRejectedException(number, key, "expected a string" + (LISTS.contains(column)
                ? " or an array" : "") + ", found " + value.getNodeType().name().toLowerCase(Locale.ROOT));
    }

    @Override
    public String nameOf(PortalColumn column) {
        for (String name : column.names()) {
            String key = keys.get(AsciiCase.lower(name));
            if (key != null) {
                return key;
            }
        }
        return column.canonicalName();
    }
}
