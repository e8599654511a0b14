package dev.fixline.ingest.defender;

import java.util.List;

/**
 * One row of a query's projected columns ({@link PortalColumn}), whether a record of a portal CSV or a
 * flat object of a JSON export, so that both are mapped by the same {@link PortalCsvRowMapper}.
 */
interface ProjectionRow {

    /** A non-blank value and the column it came from, so that an error names that column. */
    record Cell(String column, String value) {
    }

    /** 1 for the first data row. */
    int number();

    /** Every non-blank value among the column's names, trimmed, in order of preference. */
    List<Cell> cells(PortalColumn column);

    /** The name to report for a column: as the row spells it, else the canonical one. */
    String nameOf(PortalColumn column);

    /** The first non-blank value among the column's names; null when there is none. */
    default Cell cell(PortalColumn column) {
        List<Cell> cells = cells(column);
        return cells.isEmpty() ? null : cells.get(0);
    }

    default String text(PortalColumn column) {
        Cell cell = cell(column);
        return cell == null ? null : cell.value();
    }
}
