package dev.fixline.ingest.file;

import dev.fixline.ingest.SweepRejectedException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVRecord;

/** One data record of a portal CSV, read through its header. */
final class PortalCsvRow {

    /** A non-blank value and the column it came from, so that an error names that column. */
    record Cell(String column, String value) {
    }

    private final int number;
    private final CSVRecord record;
    private final PortalCsvHeader header;

    PortalCsvRow(int number, CSVRecord record, PortalCsvHeader header) {
        if (record.size() != header.width()) {
            // A record of another width is almost always a quoting mistake; mapping it would shift values
            // into the wrong columns.
            throw new SweepRejectedException(number, null, "has " + record.size() + " values, but the header has "
                    + header.width() + " columns");
        }
        this.number = number;
        this.record = record;
        this.header = header;
    }

    int number() {
        return number;
    }

    /** The first non-blank value among the column's names, trimmed; null when there is none. */
    Cell cell(PortalColumn column) {
        List<Cell> cells = cells(column);
        return cells.isEmpty() ? null : cells.get(0);
    }

    /** Every non-blank value among the column's names, in order of preference. */
    List<Cell> cells(PortalColumn column) {
        List<Cell> cells = new ArrayList<>();
        for (PortalCsvHeader.Position position : header.positions(column)) {
            String value = record.get(position.index()).trim();
            if (!value.isEmpty()) {
                cells.add(new Cell(position.name(), value));
            }
        }
        return cells;
    }

    String text(PortalColumn column) {
        Cell cell = cell(column);
        return cell == null ? null : cell.value();
    }

    String nameOf(PortalColumn column) {
        return header.nameOf(column);
    }
}
