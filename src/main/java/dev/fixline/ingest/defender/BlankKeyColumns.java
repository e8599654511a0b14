package dev.fixline.ingest.defender;

import dev.fixline.ingest.SweepRejectedException;
import java.util.List;

/**
 * Tells "this file's query reads fields that no longer exist" from "this row is bad". The query in
 * Microsoft's blog post on container-registry scanning reads Qualys-era fields; run against today's
 * (MDVM) rows it projects the repository, digest and package columns blank in every row. Rows that
 * fail with all three blank are set aside until the file shows whether any row has them: if none
 * does, the file is refused with a pointer to the corrected query; otherwise the first such row's own
 * error stands. One row is in memory at a time either way.
 */
public final class BlankKeyColumns {

    private static final List<PortalColumn> KEY = List.of(PortalColumn.REPOSITORY, PortalColumn.DIGEST,
            PortalColumn.PACKAGE);

    private SweepRejectedException first;
    private String names;
    private int blankRows;
    private boolean anyRowRead;

    /**
     * @param row the failed row read as projected columns, or null when it is not such a row
     * @return whether the row was set aside; otherwise its error stands
     */
    public boolean setAside(ProjectionRow row, SweepRejectedException error) {
        if (row == null || anyRowRead || !allBlank(row)) {
            return false;
        }
        if (first == null) {
            first = error;
            names = row.nameOf(KEY.get(0)) + ", " + row.nameOf(KEY.get(1)) + " and " + row.nameOf(KEY.get(2));
        }
        blankRows++;
        return true;
    }

    /** A row was read: rows set aside before it were bad rows of their own after all. */
    public void rowRead() {
        anyRowRead = true;
        if (first != null) {
            throw first;
        }
    }

    /** At the end of the file: refuses it when every row had the key columns blank. */
    public void finish() {
        if (first != null) {
            throw new SweepRejectedException(0, null, names + " are blank in every row (" + blankRows
                    + (blankRows == 1 ? " row" : " rows") + "): the query that made this export reads fields that "
                    + "today's Defender rows (MDVM) no longer carry, as the query in Microsoft's blog post on "
                    + "container-registry scanning does. Export with the corrected query in docs/queries.md, which "
                    + "projects the same columns from today's schema");
        }
    }

    private static boolean allBlank(ProjectionRow row) {
        try {
            return KEY.stream().allMatch(column -> row.text(column) == null);
        } catch (SweepRejectedException wrongType) {
            return false; // a value is there, of the wrong type: the row's own error says so
        }
    }
}
