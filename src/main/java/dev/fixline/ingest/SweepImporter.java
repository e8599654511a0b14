package dev.fixline.ingest;

import dev.fixline.finding.FindingStore;
import dev.fixline.finding.Sweep;
import dev.fixline.finding.SweepScope;
import dev.fixline.ingest.file.ArgExportReader;
import dev.fixline.ingest.file.PortalCsvReader;
import dev.fixline.finding.Observation;
import dev.fixline.finding.SweepFeed;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Turns exports of Defender for Cloud findings into sweeps of the finding store. */
@Service
public class SweepImporter {

    public static final String FILE_SOURCE = "file";
    private static final String CSV_CUT_SHORT = "the CSV has as many rows as a portal download holds at most, so it "
            + "is probably cut short";
    private static final Logger log = LoggerFactory.getLogger(SweepImporter.class);

    private final FindingStore store;
    private final ArgExportReader reader;
    private final PortalCsvReader csv;

    SweepImporter(FindingStore store, ArgExportReader reader, PortalCsvReader csv) {
        this.store = store;
        this.reader = reader;
        this.csv = csv;
    }

    /**
     * Imports the CSV that Resource Graph Explorer downloads, columns mapped by header name, as one
     * sweep, whole or not at all.
     *
     * @throws SweepRejectedException naming the row and column when the input cannot be applied
     */
    public Sweep importPortalCsv(String sourceName, InputStream in) {
        return store.applySweep(FILE_SOURCE, sourceName, SweepScope.REGISTRIES_IN_ROWS,
                feed -> csv.read(in, Duration.ZERO, feed::accept) ? Optional.empty() : Optional.of(CSV_CUT_SHORT));
    }

    /**
     * Imports a JSON export (a JSON array of rows, a Resource Graph response body with {@code data}, a
     * sub-assessments REST list body with {@code value}, or one sub-assessment) as one sweep, whole or
     * not at all. Rows of other kinds than container-image findings are counted as ignored.
     *
     * @throws SweepRejectedException naming the row and field when the input cannot be applied
     */
    public Sweep importArgExport(String sourceName, InputStream json) {
        return importArgExport(sourceName, json, Duration.ZERO);
    }

    /**
     * Imports several files as one sweep, whole or not at all: the pages of one Resource Graph query, or
     * one export per subscription, JSON or CSV. Pages of a query are whole together when they hold the
     * {@code totalRecords} they announce (see {@link PagedResult}); otherwise the sweep is PARTIAL and
     * closes nothing. The same file twice is refused, since it would pass for a missing page.
     *
     * @throws SweepRejectedException naming the part, row and field when a part cannot be applied
     */
    public Sweep importParts(String sourceName, List<ExportPart> parts) {
        if (parts.isEmpty()) {
            throw new SweepRejectedException(0, null, "the upload holds no files: send each export as one part of "
                    + "multipart/form-data");
        }
        return store.applySweep(FILE_SOURCE, sourceName, SweepScope.REGISTRIES_IN_ROWS, feed -> {
            PagedResult result = new PagedResult();
            NumberedFeed numbered = new NumberedFeed(feed);
            Map<String, Integer> partByContent = new HashMap<>();
            for (int i = 0; i < parts.size(); i++) {
                ExportPart part = parts.get(i);
                int number = i + 1;
                try {
                    BufferedInputStream buffered = new BufferedInputStream(part.content());
                    ExportPart.Format format = format(part, buffered);
                    DigestInputStream in = new DigestInputStream(buffered, sha256());
                    numbered.startPart();
                    if (format == ExportPart.Format.CSV) {
                        if (!csv.read(in, Duration.ZERO, numbered::accept)) {
                            result.addIncomplete(number, part.name(), CSV_CUT_SHORT);
                        }
                    } else {
                        result.add(number, part.name(), reader.readPart(in, Duration.ZERO, numbered));
                    }
                    Integer same = partByContent.putIfAbsent(HexFormat.of().formatHex(in.getMessageDigest().digest()),
                            number);
                    if (same != null) {
                        throw new SweepRejectedException(0, null, "the same file as part " + same
                                + "; each page or file counts once");
                    }
                } catch (SweepRejectedException e) {
                    throw e.inPart(number, part.name());
                }
                log.info("Import {}: part {} of {} ({}) read, {} rows so far", sourceName, number, parts.size(),
                        part.name(), numbered.rows());
            }
            return result.incomplete();
        });
    }

    /** A part without a telling content type or name: JSON starts with a bracket or brace, a CSV does not. */
    private static ExportPart.Format format(ExportPart part, InputStream in) {
        ExportPart.Format declared = part.declaredFormat();
        if (declared != ExportPart.Format.UNKNOWN) {
            return declared;
        }
        try {
            in.mark(64);
            int c;
            do {
                c = in.read();
            } while (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF || c == 0xBB || c == 0xBF);
            in.reset();
            return c == '[' || c == '{' ? ExportPart.Format.JSON : ExportPart.Format.CSV;
        } catch (IOException e) {
            throw new SweepRejectedException(0, null, "the file could not be read: " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Numbers the rows of several parts as one sweep: part 2's first row follows part 1's last. */
    private static final class NumberedFeed implements SweepFeed {
        private final SweepFeed feed;
        private int offset;
        private int highest;

        NumberedFeed(SweepFeed feed) {
            this.feed = feed;
        }

        void startPart() {
            offset = highest;
        }

        int rows() {
            return highest;
        }

        private int number(int row) {
            highest = Math.max(highest, offset + row);
            return offset + row;
        }

        @Override
        public void accept(Observation row) {
            feed.accept(row.withRowNumber(number(row.rowNumber())));
        }

        @Override
        public void reject(int row, String field, String reason) {
            feed.reject(number(row), field, reason);
        }

        @Override
        public void ignore(int row, String kind) {
            feed.ignore(number(row), kind);
        }

        @Override
        public void pageRead() {
            feed.pageRead();
        }

        @Override
        public void waitedForQuota(Duration waited) {
            feed.waitedForQuota(waited);
        }
    }

    /** As {@link #importArgExport(String, InputStream)}, moving every time in the file by {@code shift}. */
    public Sweep importArgExport(String sourceName, InputStream json, Duration shift) {
        return store.applySweep(FILE_SOURCE, sourceName, SweepScope.REGISTRIES_IN_ROWS,
                feed -> reader.read(json, shift, feed));
    }
}
