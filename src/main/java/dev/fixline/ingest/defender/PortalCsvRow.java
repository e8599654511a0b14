package dev.fixline.ingest.defender;

import dev.fixline.ingest.SweepRejectedException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVRecord;

/** One data record of a portal CSV, read through its header. */
public final class PortalCsvRow implements ProjectionRow {

    private final int number;
    private final CSVRecord record;
    private final PortalCsvHeader header;

    public PortalCsvRow(int number, CSVRecord record, PortalCsvHeader header) {
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

    @Override
    public int number() {
        return number;
    }

    @Override
    public List<Cell> cells(PortalColumn column) {
        List<Cell> cells = new ArrayList<>();
        for (PortalCsvHeader.Position position : header.positions(column)) {
            String value = record.get(position.index()).trim();
            if (!value.isEmpty()) {
                cells.add(new Cell(position.name(), value));
            }
        }
        return cells;
    }

    @Override
    public String nameOf(PortalColumn column) {
        return header.nameOf(column);
    }
}
