package dev.fixline.limits;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.util.unit.DataSize;

/**
 * Counts what a reader takes from an input and stops it, with a {@link LimitExceededException}, once the input
 * passes {@link InputLimits#maxBodySize()} or the row being read passes {@link InputLimits#maxRowSize()}. The
 * check happens as bytes arrive, so a refused input never sits in memory whole.
 * <p>
 * A row is what the reader reads between {@link #startRow()} and {@link #endRow()}. Readers read ahead in
 * buffers, so a row is measured from where the input stood when it started; {@link #ROW_SLACK} more is allowed,
 * so that a row within the limit is never refused for what was read ahead of it.
 */
public final class BoundedInputStream extends FilterInputStream {

    /** More than any reader here reads ahead (Jackson 8,000 bytes, Commons CSV and its decoder 16 KB). */
    static final long ROW_SLACK = 64 * 1024;

    private final DataSize maxBody;
    private final DataSize maxRow;
    private long count;
    private long rowEnd = -1;

    public BoundedInputStream(InputStream in, InputLimits limits) {
        super(in);
        this.maxBody = limits.maxBodySize();
        this.maxRow = limits.maxRowSize();
    }

    /** A row starts: it may take {@link InputLimits#maxRowSize()} from here. */
    public void startRow() {
        rowEnd = count + maxRow.toBytes() + ROW_SLACK;
    }

    /** Between rows: only the whole input's limit applies. */
    public void endRow() {
        rowEnd = -1;
    }

    /** The bytes read so far. */
    public long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        if (skipped > 0) {
            counted(skipped);
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false; // a reset would count bytes twice
    }

    private void counted(long n) {
        count += n;
        if (count > maxBody.toBytes()) {
            throw LimitExceededException.body(maxBody);
        }
        if (rowEnd >= 0 && count > rowEnd) {
            throw LimitExceededException.row(maxRow);
        }
    }
}
