package dev.fixline.ingest;

/** A sweep input that cannot be applied; names the row (1-based, 0 for the file itself) and the field. */
public class SweepRejectedException extends RuntimeException {

    private final int row;
    private final String field;

    public SweepRejectedException(int row, String field, String detail) {
        super(describe(row, field, detail));
        this.row = row;
        this.field = field;
    }

    public SweepRejectedException(int row, String field, String detail, Throwable cause) {
        super(describe(row, field, detail), cause);
        this.row = row;
        this.field = field;
    }

    private SweepRejectedException(String message, int row, String field, Throwable cause) {
        super(message, cause);
        this.row = row;
        this.field = field;
    }

    /** The same fault, said of one file of several imported as one sweep: {@code part 2 (page-2.json): row 5, …}. */
    public SweepRejectedException inPart(int part, String name) {
        return new SweepRejectedException("part " + part + (name == null ? "" : " (" + name + ")") + ": "
                + getMessage(), row, field, this);
    }

    public int row() {
        return row;
    }

    public String field() {
        return field;
    }

    private static String describe(int row, String field, String detail) {
        String where = row > 0 ? "row " + row : "file";
        return field == null ? where + ": " + detail : where + ", field " + field + ": " + detail;
    }
}
