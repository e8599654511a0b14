package dev.fixline.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.audit.AuditChainExport;
import dev.fixline.audit.AuditVerification;
import dev.fixline.audit.ChainReport;
import dev.fixline.audit.ChainSlice;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The governance log's chain, checked and exported with its hashes: for auditors and administrators. */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    private static final Logger log = LoggerFactory.getLogger(AuditController.class);
    /** The columns of the CSV export; {@code canonical} is what the chain hashed, the others are for reading. */
    static final String[] CSV_COLUMNS = {"seq", "occurred_at", "type", "case_id", "finding_id", "actor", "summary",
        "evidence", "prev_hash", "hash", "canonical"};

    private final AuditVerification verification;
    private final AuditChainExport export;
    private final ObjectMapper json;

    AuditController(AuditVerification verification, AuditChainExport export, ObjectMapper json) {
        this.verification = verification;
        this.export = export;
        this.json = json;
    }

    /** The whole chain, or the places {@code from} to {@code to}; names the first event not as it was sealed. */
    @GetMapping("/verify")
    ChainReport verify(@RequestParam(required = false) Long from, @RequestParam(required = false) Long to,
                       Authentication who) {
        mayReadTheChain(who);
        if (from != null && from < 1 || to != null && to < 1 || from != null && to != null && to < from) {
            throw new BadRequestException(from != null && from < 1 ? "from" : "to",
                    "places in the chain start at 1, and 'to' may not come before 'from'");
        }
        return verification.verify(from, to);
    }

    /**
     * The events recorded from the day {@code from} to the day {@code to} (UTC, both included; absent: the
     * chain's start, its end) with their hashes, as JSON, or CSV with {@code Accept: text/csv} or {@code
     * format=csv}. {@code docs/audit.md} shows how to check a copy without Fixline.
     */
    @GetMapping("/export")
    void export(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                @RequestParam(required = false) String format,
                Authentication who, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        mayReadTheChain(who);
        String fromDay = Params.blankToNull(from);
        String toDay = Params.blankToNull(to);
        Instant since = fromDay == null ? null : Params.day("from", fromDay);
        Instant until = toDay == null ? null : Params.day("to", toDay).plusSeconds(86_400);
        if (since != null && until != null && !until.isAfter(since)) {
            throw new BadRequestException("to", "the period ends before it starts");
        }
        boolean csv = wantsCsv(format, request.getHeader(HttpHeaders.ACCEPT));
        ChainSlice slice = export.slice(since, until);
        String name = "fixline-audit-chain-" + (fromDay == null ? "start" : fromDay) + "-to-"
                + (toDay == null ? "now" : toDay) + (csv ? ".csv" : ".json");
        response.setContentType(csv ? "text/csv;charset=UTF-8" : MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build()
                .toString());
        Writer out = response.getWriter();
        if (csv) {
            writeCsv(slice, out);
        } else {
            writeJson(slice, since, until, out);
        }
        out.flush();
        log.info("{} exported places {} to {} of the audit chain ({} events) as {}", who.getName(), slice.firstSeq(),
                slice.lastSeq(), slice.size(), csv ? "CSV" : "JSON");
    }

    private static boolean wantsCsv(String format, String accept) {
        if (Params.blankToNull(format) != null) {
            return switch (format.strip().toLowerCase(Locale.ROOT)) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw new BadRequestException("format", "'" + format + "' is not csv or json");
            };
        }
        return accept != null && accept.contains("text/csv");
    }

    private void writeCsv(ChainSlice slice, Writer out) throws IOException {
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(CSV_COLUMNS).get());
        export.forEach(slice, e -> {
            try {
                // the reading columns are guarded against spreadsheet formulas; canonical (JSON) is kept as hashed
                List<String> cells = SpreadsheetCells.safe(String.valueOf(e.seq()), e.occurredAt().toString(),
                        e.type(), e.caseId(), e.findingId(), e.actor(), e.summary(), e.evidence(), e.prevHash(), e.hash());
                cells.add(e.canonical());
                csv.printRecord(cells);
            } catch (IOException failed) {
                throw new UncheckedIOException(failed);
            }
        });
        csv.flush();
    }

    private void writeJson(ChainSlice slice, Instant since, Instant until, Writer out) throws IOException {
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("from", since == null ? null : since.toString());
            g.writeStringField("until", until == null ? null : until.toString());
            g.writeNumberField("firstSeq", slice.firstSeq());
            g.writeNumberField("lastSeq", slice.lastSeq());
            g.writeStringField("previousHash", slice.previousHash());
            g.writeArrayFieldStart("events");
            export.forEach(slice, e -> {
                try {
                    json.writeValue(g, e);
                } catch (IOException failed) {
                    throw new UncheckedIOException(failed);
                }
            });
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void mayReadTheChain(Authentication who) {
        if (!Roles.seesEverything(who)) {
            throw new ForbiddenException("the audit chain is read by auditors and administrators");
        }
    }
}
