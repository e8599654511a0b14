package dev.fixline.ingest;

import dev.fixline.finding.FindingStore;
import dev.fixline.finding.Sweep;
import dev.fixline.finding.SweepScope;
import dev.fixline.ingest.file.ArgExportReader;
import dev.fixline.ingest.file.PortalCsvReader;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Turns exports of Defender for Cloud findings into sweeps of the finding store. */
@Service
public class SweepImporter {

    public static final String FILE_SOURCE = "file";
    static final String CSV_CUT_SHORT = "the CSV has as many rows as a portal download holds at most, so it "
            + "is probably cut short";

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
     * closes nothing. A row (or, without row ids, a file) that comes twice is refused, since it would pass
     * for a missing page (see {@link SeveralExports}).
     *
     * @throws SweepRejectedException naming the part, row and field when a part cannot be applied
     */
    public Sweep importParts(String sourceName, List<ExportPart> parts) {
        if (parts.isEmpty()) {
            throw new SweepRejectedException(0, null, "the upload holds no files: send each export as one part of "
                    + "multipart/form-data");
        }
        return store.applySweep(FILE_SOURCE, sourceName, SweepScope.REGISTRIES_IN_ROWS,
                feed -> new SeveralExports(sourceName, parts, reader, csv).readInto(feed));
    }

    /** As {@link #importArgExport(String, InputStream)}, moving every time in the file by {@code shift}. */
    public Sweep importArgExport(String sourceName, InputStream json, Duration shift) {
        return store.applySweep(FILE_SOURCE, sourceName, SweepScope.REGISTRIES_IN_ROWS,
                feed -> reader.read(json, shift, feed));
    }
}
