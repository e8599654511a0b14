package dev.fixline.ingest;

import dev.fixline.finding.Observation;
import dev.fixline.finding.SweepFeed;
import dev.fixline.ingest.file.ArgExportReader;
import dev.fixline.ingest.file.PortalCsvReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several files read as one sweep: the pages of one Resource Graph result, or one export per
 * subscription. Rows are numbered across the files, a row (or, for rows without an id, a file) that
 * comes twice is refused, each registry is given the time of the file its rows came from, and
 * {@link PagedResult} decides whether the files are whole together.
 */
final class SeveralExports {

    private static final Logger log = LoggerFactory.getLogger(SeveralExports.class);

    private final String sourceName;
    private final List<ExportPart> parts;
    private final ArgExportReader reader;
    private final PortalCsvReader csv;

    SeveralExports(String sourceName, List<ExportPart> parts, ArgExportReader reader, PortalCsvReader csv) {
        this.sourceName = sourceName;
        this.parts = parts;
        this.reader = reader;
        this.csv = csv;
    }

    /** @return why the files together are not whole results; empty when they are */
    Optional<String> readInto(SweepFeed feed) {
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
                        result.addIncomplete(number, part.name(), SweepImporter.CSV_CUT_SHORT);
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
        final Set<Registry> registries = new HashSet<>();
        Instant newestScan;

        void add(Set<Registry> more, Instant scan) {
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
        private Set<Registry> partRegistries = new HashSet<>();
        private Instant partNewestScan;

        NumberedFeed(SweepFeed feed) {
            this.feed = feed;
        }

        void startPart(int number) {
            part = number;
            offset = highest;
            partRegistries = new HashSet<>();
            partNewestScan = null;
        }

        Set<Registry> partRegistries() {
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

}
