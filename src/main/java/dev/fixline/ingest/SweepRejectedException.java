package dev.fixline.ingest;

import dev.fixline.limits.LimitExceededException;

/**
 * A sweep input that cannot be applied; names the row (1-based, 0 for the file itself) and the field, and, when
 * the input went past one of {@code fixline.limits.*}, that limit.
 */
public class SweepRejectedException extends RuntimeException {

    private final int row;
    private final String field;
    private final String limit;
    private final boolean tooLarge;

    public SweepRejectedException(int row, String field, String detail) {
        this(describe(row, field, detail), row, field, null, false, null);
    }

    public SweepRejectedException(int row, String field, String detail, Throwable cause) {
        this(describe(row, field, detail), row, field, null, false, cause);
    }

    /** The input went past a limit while row {@code row} (0: the file itself) was read. */
    public SweepRejectedException(int row, LimitExceededException cause) {
        this(describe(row, null, cause.getMessage()), row, null, cause.property(), cause.tooLarge(), cause);
    }

    private SweepRejectedException(String message, int row, String field, String limit, boolean tooLarge,
                                   Throwable cause) {
        super(message, cause);
        this.row = row;
        this.field = field;
        this.limit = limit;
        this.tooLarge = tooLarge;
    }

    /** The same fault, said of one file of several imported as one sweep: {@code part 2 (page-2.json): row 5, …}. */
    public SweepRejectedException inPart(int part, String name) {
        return new SweepRejectedException("part " + part + (name == null ? "" : " (" + name + ")") + ": "
                + getMessage(), row, field, limit, tooLarge, this);
    }

    public int row() {
        return row;
    }

    public String field() {
        return field;
    }

    /** The limit the input went past ({@code fixline.limits.max-row-size}), or null. */
    public String limit() {
        return limit;
    }

    /** The input is refused for its size (413) rather than for what it says (400). */
    public boolean tooLarge() {
        return tooLarge;
    }

    private static String describe(int row, String field, String detail) {
        String where = row > 0 ? "row " + row : "file";
        return field == null ? where + ": " + detail : where + ", field " + field + ": " + detail;
    }
}
