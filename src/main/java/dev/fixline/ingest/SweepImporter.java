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
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.UUID;
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
            List<String> ignoredKinds = new ArrayList<>();
            // Which file each part's rows belong to for its time: the pages of one result are one file.
            Map<String, FileTime> files = new HashMap<>();
            for (int i = 0; i < parts.size(); i++) {
                ExportPart part = parts.get(i);
                int number = i + 1;
                try {
                    BufferedInputStream buffered = new BufferedInputStream(part.content());
                    ExportPart.Format format = format(part, buffered);
                    DigestInputStream in = new DigestInputStream(buffered, sha256());
                    numbered.startPart(number);
                    String unit = "part " + number;
                    if (format == ExportPart.Format.CSV) {
                        if (!csv.read(in, Duration.ZERO, numbered::accept)) {
                            result.addIncomplete(number, part.name(), CSV_CUT_SHORT);
                        }
                    } else {
                        ArgExportReader.Part facts = reader.readPart(in, Duration.ZERO, numbered);
                        result.add(number, part.name(), facts);
                        if (facts.totalRecords() >= 0 && facts.incompleteAlone().isPresent()) {
                            unit = "pages of " + facts.totalRecords();
                        }
                        if (facts.ignoredKinds() != null) {
                            ignoredKinds.add(facts.ignoredKinds());
                        }
                    }
                    // Two empty exports (two subscriptions without findings) are alike, and harmless.
                    Integer same = numbered.rowsInPart() == 0 ? null : partByContent.putIfAbsent(
                            HexFormat.of().formatHex(in.getMessageDigest().digest()), number);
                    if (same != null) {
                        throw new SweepRejectedException(0, null, "the same file as part " + same
                                + "; each page or file counts once");
                    }
                    files.computeIfAbsent(unit, u -> new FileTime()).add(numbered.partRegistries(),
                            numbered.partNewestScan());
                } catch (SweepRejectedException e) {
                    throw e.inPart(number, part.name());
                }
                log.info("Import {}: part {} of {} ({}) read, {} rows so far", sourceName, number, parts.size(),
                        part.name(), numbered.rows());
            }
            files.values().stream().filter(file -> file.newestScan != null).forEach(file -> file.registries.forEach(
                    r -> feed.registryAsOf(r.host(), r.cloud(), r.account(), file.newestScan)));
            if (numbered.observations() == 0 && !ignoredKinds.isEmpty()) {
                throw ArgExportReader.noContainerRows(String.join("; ", ignoredKinds));
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

    /** A registry's rows, as a source names them. */
    private record Registry(String host, String cloud, String account) {
    }

    /** One file (or the pages of one result): the registries its rows are of, and its newest scan. */
    private static final class FileTime {
        final java.util.Set<Registry> registries = new java.util.HashSet<>();
        Instant newestScan;

        void add(java.util.Set<Registry> more, Instant scan) {
            registries.addAll(more);
            if (scan != null && (newestScan == null || scan.isAfter(newestScan))) {
                newestScan = scan;
            }
        }
    }

    /**
     * Numbers the rows of several parts as one sweep (part 2's first row follows part 1's last), and
     * refuses a row that an earlier part held already: a page saved twice (from two runs of the query,
     * so not the same bytes) would otherwise stand in for a missing page. Rows are told apart by their
     * sub-assessment id; rows of projected columns without one only by the file they are in.
     */
    private static final class NumberedFeed implements SweepFeed {
        private final SweepFeed feed;
        /** The ids seen, as 128-bit hashes to keep a large upload's memory small, with the part of each. */
        private final Map<UUID, Integer> partById = new HashMap<>();
        private int part;
        private int offset;
        private int highest;
        private int observations;
        private java.util.Set<Registry> partRegistries = new java.util.HashSet<>();
        private Instant partNewestScan;

        NumberedFeed(SweepFeed feed) {
            this.feed = feed;
        }

        void startPart(int number) {
            part = number;
            offset = highest;
            partRegistries = new java.util.HashSet<>();
            partNewestScan = null;
        }

        java.util.Set<Registry> partRegistries() {
            return partRegistries;
        }

        Instant partNewestScan() {
            return partNewestScan;
        }

        int rows() {
            return highest;
        }

        int rowsInPart() {
            return highest - offset;
        }

        int observations() {
            return observations;
        }

        private int number(int row, String id) {
            if (id != null) {
                Integer earlier = partById.putIfAbsent(UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)),
                        part);
                if (earlier != null && earlier != part) {
                    throw new SweepRejectedException(row, "id", "this row is in part " + earlier + " too ("
                            + (id.length() <= 120 ? id : "…" + id.substring(id.length() - 117)) + "); a page imported twice would stand in for a "
                            + "missing one, so each row may come once");
                }
            }
            highest = Math.max(highest, offset + row);
            return offset + row;
        }

        @Override
        public void accept(Observation row) {
            observations++;
            partRegistries.add(new Registry(row.registryHost(), row.cloud(), row.account()));
            if (row.scannedAt() != null && (partNewestScan == null || row.scannedAt().isAfter(partNewestScan))) {
                partNewestScan = row.scannedAt();
            }
            feed.accept(row.withRowNumber(number(row.rowNumber(), row.rawId())));
        }

        @Override
        public void reject(int row, String field, String reason) {
            feed.reject(number(row, null), field, reason);
        }

        @Override
        public void ignore(int row, String kind) {
            feed.ignore(number(row, null), kind);
        }

        @Override
        public void ignore(int row, String kind, String rowId) {
            feed.ignore(number(row, rowId), kind);
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
