package dev.fixline.limits;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * Passes bytes through while checking that they are well-formed UTF-8 (RFC 3629): no overlong form (a
 * {@code /} written {@code C0 AF}), no surrogate ({@code ED A0 80}), nothing above U+10FFFF, no sequence cut
 * short. Jackson's byte parser decodes such bytes leniently into characters the file never meant; a JSON
 * export is refused instead, as a portal CSV is. A file that starts with a UTF-16 or UTF-32 byte-order mark,
 * or with a zero byte (UTF-16 or UTF-32 without a mark, which Jackson detects), passes unchecked.
 */
public final class StrictUtf8InputStream extends FilterInputStream {

    /** Bytes that are not UTF-8: says which and where. */
    public static final class NotUtf8Exception extends IOException {
        NotUtf8Exception(String message) {
            super(message);
        }
    }

    private boolean checking;
    private boolean started;
    private long offset;
    private int needed;
    private int lower = 0x80;
    private int upper = 0xBF;

    public StrictUtf8InputStream(InputStream in) {
        super(new PushbackInputStream(in, 4));
    }

    @Override
    public int read() throws IOException {
        start();
        int b = super.read();
        if (b < 0) {
            end();
        } else if (checking) {
            check(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        start();
        int n = super.read(buffer, off, len);
        if (n < 0) {
            end();
        } else if (checking) {
            for (int i = 0; i < n; i++) {
                check(buffer[off + i] & 0xFF);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] skipped = new byte[(int) Math.min(n, 8192)];
        int read = read(skipped, 0, skipped.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void start() throws IOException {
        if (started) {
            return;
        }
        started = true;
        PushbackInputStream pushback = (PushbackInputStream) in;
        byte[] head = pushback.readNBytes(4);
        pushback.unread(head);
        boolean utf16or32 = head.length >= 2 && ((head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF
                || (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE)
                || head.length >= 1 && head[0] == 0 || head.length >= 2 && head[1] == 0;
        checking = !utf16or32;
    }

    private void check(int b) throws NotUtf8Exception {
        long at = offset++;
        if (needed == 0) {
            if (b < 0x80) {
                return;
            }
            if (b >= 0xC2 && b <= 0xDF) {
                expect(1, 0x80, 0xBF);
            } else if (b == 0xE0) {
                expect(2, 0xA0, 0xBF);
            } else if (b >= 0xE1 && b <= 0xEC || b == 0xEE || b == 0xEF) {
                expect(2, 0x80, 0xBF);
            } else if (b == 0xED) {
                expect(2, 0x80, 0x9F);
            } else if (b == 0xF0) {
                expect(3, 0x90, 0xBF);
            } else if (b >= 0xF1 && b <= 0xF3) {
                expect(3, 0x80, 0xBF);
            } else if (b == 0xF4) {
                expect(3, 0x80, 0x8F);
            } else {
                throw new NotUtf8Exception(String.format("the file is not UTF-8 text: byte 0x%02X at offset %,d "
                        + "cannot start a character", b, at));
            }
            return;
        }
        if (b < lower || b > upper) {
            throw new NotUtf8Exception(String.format("the file is not UTF-8 text: byte 0x%02X at offset %,d does not "
                    + "continue the character before it (an overlong form, a surrogate or a broken sequence)", b, at));
        }
        lower = 0x80;
        upper = 0xBF;
        needed--;
    }

    private void expect(int continuations, int secondLower, int secondUpper) {
        needed = continuations;
        lower = secondLower;
        upper = secondUpper;
    }

    private void end() throws NotUtf8Exception {
        if (checking && needed > 0) {
            needed = 0;
            throw new NotUtf8Exception("the file is not UTF-8 text: it ends inside a character");
        }
    }
}
