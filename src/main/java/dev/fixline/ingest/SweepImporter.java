package dev.fixline.ingest;

import dev.fixline.finding.FindingStore;
import dev.fixline.finding.Sweep;
import dev.fixline.finding.SweepScope;
import dev.fixline.ingest.file.ArgExportReader;
import dev.fixline.ingest.file.PortalCsvReader;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Turns exports of Defender for Cloud findings into sweeps of the finding store. */
@Service
public class SweepImporter {

    public static final String FILE_SOURCE = "file";

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
                feed -> csv.read(in, Duration.ZERO, feed::accept) ? Optional.empty()
                        : Optional.of("the CSV has as many rows as a portal download holds at most, so it is "
                                + "probably cut short"));
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

    /** As {@link #importArgExport(String, InputStream)}, moving every time in the file by {@code shift}. */
    public Sweep importArgExport(String sourceName, InputStream json, Duration shift) {
        return store.applySweep(FILE_SOURCE, sourceName, SweepScope.REGISTRIES_IN_ROWS,
                feed -> reader.read(json, shift, feed));
    }
}
