package dev.fixline.ingest.defender;

import dev.fixline.limits.AsciiCase;
import dev.fixline.ingest.SweepRejectedException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;

/**
 * The header row of a portal CSV: where each {@link PortalColumn} is, by name and not by position,
 * because users reorder and rename the projected columns of their query.
 */
public final class PortalCsvHeader {

    /** A column as the file names it, and its position in every record. */
    record Position(String name, int index) {
    }

    private final Map<PortalColumn, List<Position>> positions;
    private final int width;

    private PortalCsvHeader(Map<PortalColumn, List<Position>> positions, int width) {
        this.positions = positions;
        this.width = width;
    }

    public static PortalCsvHeader of(CSVRecord header) {
        Map<String, Position> byName = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).trim();
            String key = AsciiCase.lower(name);
            if (!name.isEmpty() && byName.putIfAbsent(key, new Position(name, i)) != null && isKnown(key)) {
                // Two columns of the same name would make the value depend on which one we happen to read.
                throw new SweepRejectedException(0, name, "the header names this column twice");
            }
        }
        Map<PortalColumn, List<Position>> positions = new EnumMap<>(PortalColumn.class);
        for (PortalColumn column : PortalColumn.values()) {
            List<Position> found = new ArrayList<>();
            for (String name : column.names()) {
                Position position = byName.get(AsciiCase.lower(name));
                if (position != null) {
                    found.add(position);
                }
            }
            positions.put(column, List.copyOf(found));
        }
        PortalCsvHeader parsed = new PortalCsvHeader(positions, header.size());
        parsed.requireColumns();
        return parsed;
    }

    private static boolean isKnown(String lowerName) {
        for (PortalColumn column : PortalColumn.values()) {
            for (String name : column.names()) {
                if (AsciiCase.equalsIgnoreCase(name, lowerName)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The finding key and the severity cannot come from anywhere else, so a file without them is refused whole. */
    private void requireColumns() {
        for (PortalColumn column : List.of(PortalColumn.REPOSITORY, PortalColumn.DIGEST, PortalColumn.VULNERABILITY,
                PortalColumn.PACKAGE, PortalColumn.SEVERITY)) {
            if (!has(column)) {
                throw new SweepRejectedException(0, column.canonicalName(), "the header has no such column"
                        + alsoAccepted(column));
            }
        }
        if (!has(PortalColumn.REGISTRY_HOST) && !has(PortalColumn.ID) && !has(PortalColumn.REGISTRY_RESOURCE_ID)) {
            throw new SweepRejectedException(0, PortalColumn.REGISTRY_HOST.canonicalName(), "the header has no such "
                    + "column" + alsoAccepted(PortalColumn.REGISTRY_HOST) + ", and no id or registryResourceId to "
                    + "derive the registry from");
        }
    }

    private static String alsoAccepted(PortalColumn column) {
        List<String> others = column.names().subList(1, column.names().size());
        return others.isEmpty() ? "" : " (also accepted: " + String.join(", ", others) + ")";
    }

    boolean has(PortalColumn column) {
        return !positions.get(column).isEmpty();
    }

    List<Position> positions(PortalColumn column) {
        return positions.get(column);
    }

    /** The name to report for a column: as the file spells it, else the canonical one. */
    String nameOf(PortalColumn column) {
        List<Position> found = positions.get(column);
        return found.isEmpty() ? column.canonicalName() : found.get(0).name();
    }

    int width() {
        return width;
    }
}
