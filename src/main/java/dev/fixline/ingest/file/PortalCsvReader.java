package dev.fixline.ingest.file;

import dev.fixline.ingest.defender.ObservationLimits;
import dev.fixline.ingest.defender.PortalCsvRowMapper;
import dev.fixline.ingest.defender.PortalColumn;
import dev.fixline.ingest.defender.PortalCsvHeader;
import dev.fixline.ingest.defender.PortalCsvRow;
import dev.fixline.ingest.defender.BlankKeyColumns;
import dev.fixline.finding.Observation;
import dev.fixline.ingest.SweepRejectedException;
import dev.fixline.limits.BoundedInputStream;
import dev.fixline.limits.InputLimits;
import dev.fixline.limits.LimitExceededException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Streams the rows of a CSV that Resource Graph Explorer in the Azure portal downloads for a query
 * of Defender's container-image vulnerabilities. Columns are found by header name (see
 * {@link PortalColumn}); one record is in memory at a time, and what a file or a record may cost is bounded
 * while it is read ({@link InputLimits}).
 */
@Component
public class PortalCsvReader {

    private static final char BYTE_ORDER_MARK = '\uFEFF';
    /** Resource Graph Explorer stops a CSV download at this many rows. */
    static final int PORTAL_ROW_LIMIT = 55_000;
    /** How Commons CSV reports a quote that runs to the end of the file. */
    private static final Pattern UNCLOSED_QUOTE =
            Pattern.compile("^\\(startline ([\\d,]+)\\) EOF reached before encapsulated token finished");

    /** RFC 4180; blank lines are skipped because editors and downloads often add one at the end. */
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private final InputLimits limits;

    PortalCsvReader() {
        this(InputLimits.defaults());
    }

    @Autowired
    PortalCsvReader(InputLimits limits) {
        this.limits = limits;
    }

    /**
     * Same contract as {@link ArgExportReader#read}: every row goes to {@code sink}, or the whole file
     * is rejected with a {@link SweepRejectedException} naming the row (1 = first data row) and column.
     *
     * @return false when the file has as many rows as the portal puts in a download at most
     *         ({@value #PORTAL_ROW_LIMIT}): it is then probably cut short
     */
    public boolean read(InputStream in, Duration shift, Consumer<Observation> sink) {
        PortalCsvRowMapper mapper = new PortalCsvRowMapper(shift);
        int failing = 0; // the row an I/O or syntax error belongs to; 0 while the header is read
        BoundedInputStream bounded = new BoundedInputStream(in, limits);
        try (CSVParser parser = FORMAT.parse(withoutByteOrderMark(bounded))) {
            Iterator<CSVRecord> records = parser.iterator();
            try {
                bounded.startRow(); // the iterator reads a record when asked whether there is one
                if (!records.hasNext()) {
                    throw new SweepRejectedException(0, null, "the file is empty");
                }
                PortalCsvHeader header = PortalCsvHeader.of(records.next());
                BlankKeyColumns blanks = new BlankKeyColumns();
                failing = 1;
                while (nextRow(bounded, records)) {
                    if (failing > limits.maxRowsPerFile()) {
                        throw new SweepRejectedException(failing, LimitExceededException.rows(limits.maxRowsPerFile()));
                    }
                    PortalCsvRow record = new PortalCsvRow(failing, records.next(), header);
                    Observation row;
                    try {
                        row = mapper.map(record);
                    } catch (SweepRejectedException e) {
                        if (!blanks.setAside(record, e)) {
                            throw e;
                        }
                        failing++;
                        continue;
                    }
                    blanks.rowRead();
                    sink.accept(ObservationLimits.checked(row));
                    failing++;
                }
                blanks.finish();
            } catch (UncheckedIOException e) {
                // Commons CSV's iterator wraps what the lexer throws, such as an unterminated quote.
                throw rejected(failing, e.getCause());
            }
        } catch (IOException e) {
            throw rejected(failing, e);
        } catch (LimitExceededException e) {
            throw new SweepRejectedException(failing, e);
        }
        return failing - 1 < PORTAL_ROW_LIMIT;
    }

    /** Whether a record follows, read within the limit of one row. */
    private static boolean nextRow(BoundedInputStream bounded, Iterator<CSVRecord> records) {
        bounded.startRow();
        boolean more = records.hasNext();
        bounded.endRow();
        return more;
    }

    /**
     * Decodes strictly, so that a file in another encoding is refused rather than silently garbled,
     * and drops the byte-order mark Excel and the portal put first, which would otherwise become part
     * of the first column's name.
     */
    private static Reader withoutByteOrderMark(InputStream in) throws IOException {
        var utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        PushbackReader reader = new PushbackReader(new InputStreamReader(in, utf8), 1);
        int first = reader.read();
        if (first != -1 && first != BYTE_ORDER_MARK) {
            reader.unread(first);
        }
        return reader;
    }

    private static SweepRejectedException rejected(int row, IOException e) {
        if (e instanceof CharacterCodingException) {
            return new SweepRejectedException(row, null, "the file is not UTF-8 text", e);
        }
        String message = String.valueOf(e.getMessage());
        Matcher unclosed = UNCLOSED_QUOTE.matcher(message);
        if (unclosed.find()) {
            return new SweepRejectedException(row, null, "malformed CSV: the record that starts on line "
                    + unclosed.group(1) + " has a quoted field that is never closed", e);
        }
        return new SweepRejectedException(row, null, "malformed CSV: " + message, e);
    }
}
