package dev.fixline.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.fixline.ingest.SweepRejectedException;
import dev.fixline.limits.InputLimits;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * Each of {@code fixline.limits.*} stops a JSON export or a portal CSV while it is read, names itself and the
 * row, and reads no further than the limit (plus a reader's buffer): a refused input is never in memory whole.
 * Small limits here; {@code web.RequestLimitsTest} sends the defaults over HTTP.
 */
class BoundedReadingTest {

    private static final InputLimits SMALL = new InputLimits(DataSize.ofKilobytes(512), 5, DataSize.ofKilobytes(16),
            20, 2_000, 100, 20, DataSize.ofKilobytes(64), 1_000);

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final ArgExportReader reader = new ArgExportReader(json, SMALL);
    private final PortalCsvReader csv = new PortalCsvReader(SMALL);

    @Test
    void aJsonRowLargerThanTheRowLimitIsRefusedByRowWhileItIsRead() throws IOException {
        // A real row, then one of a hundred megabytes of nested {}: reading stops a buffer past the limit.
        String first = json.writeValueAsString(day1().get(0));
        Counting source = new Counting(new SequenceInputStream(stream("[" + first + ",{\"id\":\"x\",\"n\":["),
                new Repeated("{\"a\":{}},", 100L * 1024 * 1024)));
        SweepRejectedException e = refusedJson(source);
        assertThat(e.getMessage()).isEqualTo("row 2: the row is larger than the 16 KB that "
                + "fixline.limits.max-row-size allows");
        assertThat(e.limit()).isEqualTo("fixline.limits.max-row-size");
        assertThat(e.tooLarge()).isTrue();
        assertThat(e.row()).isEqualTo(2);
        assertThat(source.read).as("bytes read before the refusal").isLessThan(first.length() + 16 * 1024 + 128 * 1024);
    }

    @Test
    void aFileLargerThanTheBodyLimitIsRefusedAsTooLarge() {
        // Rows of the right size, too many bytes in all: white space between rows counts too.
        Counting source = new Counting(new SequenceInputStream(stream("["), new Repeated(" ", 10L * 1024 * 1024)));
        SweepRejectedException e = refusedJson(source);
        assertThat(e.getMessage()).isEqualTo("row 1: the file is larger than the 512 KB that "
                + "fixline.limits.max-body-size allows");
        assertThat(e.limit()).isEqualTo("fixline.limits.max-body-size");
        assertThat(e.tooLarge()).isTrue();
        assertThat(source.read).isLessThan(512 * 1024 + 64 * 1024);
    }

    @Test
    void moreRowsThanAFileMayHoldAreRefusedAtTheFirstRowTooMany() throws IOException {
        ArrayNode rows = day1();
        SweepRejectedException e = refusedJson(stream(json.writeValueAsString(rows)));
        assertThat(e.getMessage()).isEqualTo("row 6: the file holds more than the 5 rows that "
                + "fixline.limits.max-rows-per-file allows");
        assertThat(e.limit()).isEqualTo("fixline.limits.max-rows-per-file");
        assertThat(e.tooLarge()).isTrue();
    }

    @Test
    void theShapeLimitsOfJsonNameTheirPropertyAndRow() throws IOException {
        String row = json.writeValueAsString(day1().get(0));
        String deep = "[" + row + ",{\"id\":" + "[".repeat(25) + "]".repeat(25) + "}]";
        assertShape(deep, 2, "fixline.limits.max-nesting-depth",
                "row 2: JSON nested deeper than the 20 levels that fixline.limits.max-nesting-depth allows");
        assertShape("[{\"" + "k".repeat(101) + "\":1}]", 1, "fixline.limits.max-name-length",
                "row 1: a field name longer than the 100 characters that fixline.limits.max-name-length allows");
        assertShape("[{\"id\":\"" + "s".repeat(2_001) + "\"}]", 1, "fixline.limits.max-string-length",
                "row 1: a string longer than the 2,000 characters that fixline.limits.max-string-length allows");
        assertShape("[{\"id\":" + "9".repeat(21) + "}]", 1, "fixline.limits.max-number-length",
                "row 1: a number longer than the 20 characters that fixline.limits.max-number-length allows");
        // The fields of a body kept until its rows are read are bounded as one row.
        SweepRejectedException facets = refusedJson(stream("{\"facets\":[" + "{},".repeat(50_000) + "{}],\"data\":[]}"));
        assertThat(facets.limit()).isEqualTo("fixline.limits.max-row-size");
    }

    @Test
    void aCsvRecordLargerThanTheRowLimitIsRefusedByRowWhileItIsRead() {
        String header = "repositoryName,registryName,imageDigest,vulnName,scanFindingSeverity,packageName\r\n";
        String good = "app,reg,sha256:" + "a".repeat(64) + ",CVE-2024-1,High,zlib\r\n";
        Counting source = new Counting(new SequenceInputStream(stream(header + good + "app,\""),
                new Repeated("x", 100L * 1024 * 1024)));
        SweepRejectedException e = refusedCsv(source);
        assertThat(e.getMessage()).isEqualTo("row 2: the row is larger than the 16 KB that "
                + "fixline.limits.max-row-size allows");
        assertThat(e.tooLarge()).isTrue();
        assertThat(source.read).isLessThan(header.length() + good.length() + 16 * 1024 + 128 * 1024);

        String many = header + good.repeat(6);
        SweepRejectedException rows = refusedCsv(stream(many));
        assertThat(rows.getMessage()).isEqualTo("row 6: the file holds more than the 5 rows that "
                + "fixline.limits.max-rows-per-file allows");
        assertThat(rows.limit()).isEqualTo("fixline.limits.max-rows-per-file");
    }

    @Test
    void aFileWithinTheLimitsIsReadWhole() throws IOException {
        CollectingFeed feed = new CollectingFeed();
        ArrayNode five = json.createArrayNode();
        day1().forEach(r -> {
            if (five.size() < 5) {
                five.add(r);
            }
        });
        reader.read(stream(json.writeValueAsString(five)), Duration.ZERO, feed);
        assertThat(feed.rows).hasSize(5);
    }

    @Test
    void jsonThatIsNotWellFormedUtf8IsRefusedWhereJacksonWouldGuess() throws IOException {
        String row = json.writeValueAsString(day1().get(0)).replace("\"packageName\":\"", "\"packageName\":\"@@");
        for (byte[] bad : new byte[][] {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, 0x28, (byte) 0xA1}}) {
            int at = row.indexOf("@@");
            byte[] head = ("[" + row.substring(0, at)).getBytes(StandardCharsets.UTF_8);
            byte[] tail = (row.substring(at + 2) + "]").getBytes(StandardCharsets.UTF_8);
            byte[] body = new byte[head.length + bad.length + tail.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(bad, 0, body, head.length, bad.length);
            System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);
            SweepRejectedException e = refusedJson(new ByteArrayInputStream(body));
            assertThat(e.getMessage()).startsWith("row 1: the file is not UTF-8 text: byte 0x");
        }
        // A byte-order mark is UTF-8, and UTF-16 with its mark is read as Jackson reads it.
        CollectingFeed feed = new CollectingFeed();
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        reader.read(new SequenceInputStream(new ByteArrayInputStream(bom), stream("[" + json.writeValueAsString(
                day1().get(0)) + "]")), Duration.ZERO, feed);
        String utf16 = "\uFEFF[" + json.writeValueAsString(day1().get(1)) + "]";
        reader.read(new ByteArrayInputStream(utf16.getBytes(StandardCharsets.UTF_16BE)), Duration.ZERO, feed);
        assertThat(feed.rows).hasSize(2);
    }

    private void assertShape(String body, int row, String limit, String message) {
        SweepRejectedException e = refusedJson(stream(body));
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.limit()).isEqualTo(limit);
        assertThat(e.row()).isEqualTo(row);
        assertThat(e.tooLarge()).as("a shape, not a size").isFalse();
    }

    private SweepRejectedException refusedJson(InputStream in) {
        CollectingFeed feed = new CollectingFeed();
        return (SweepRejectedException) assertThatThrownBy(() -> reader.read(in, Duration.ZERO, feed))
                .isInstanceOf(SweepRejectedException.class).actual();
    }

    private SweepRejectedException refusedCsv(InputStream in) {
        return (SweepRejectedException) assertThatThrownBy(() -> csv.read(in, Duration.ZERO, o -> { }))
                .isInstanceOf(SweepRejectedException.class).actual();
    }

    private ArrayNode day1() throws IOException {
        return (ArrayNode) json.readTree(Files.readAllBytes(Path.of("samples", "day-1.json"))).path("data");
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Counts what the reader took. */
    private static final class Counting extends FilterInputStream {
        long read;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            read += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            read += Math.max(n, 0);
            return n;
        }
    }

    /** A text repeated to {@code size} bytes, made as it is read. */
    private static final class Repeated extends InputStream {
        private final byte[] unit;
        private final long size;
        private long position;

        Repeated(String unit, long size) {
            this.unit = unit.getBytes(StandardCharsets.UTF_8);
            this.size = size;
        }

        @Override
        public int read() {
            return position < size ? unit[(int) (position++ % unit.length)] : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = unit[(int) (position++ % unit.length)];
            }
            return n;
        }
    }
}
