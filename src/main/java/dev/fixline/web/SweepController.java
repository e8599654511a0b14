package dev.fixline.web;

import dev.fixline.finding.FindingStore;
import dev.fixline.finding.Page;
import dev.fixline.finding.Sweep;
import dev.fixline.finding.SweepNotWithdrawableException;
import dev.fixline.ingest.ExportPart;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.ingest.SweepRejectedException;
import dev.fixline.ingest.ResourceGraphSweeps;
import dev.fixline.limits.ControlCharacters;
import dev.fixline.limits.InputLimits;
import dev.fixline.limits.LimitExceededException;
import java.util.Map;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.util.ArrayList;
import java.util.List;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.Principal;
import org.springframework.http.MediaType;
import org.springframework.util.StreamUtils;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/sweeps")
class SweepController {

    private final SweepImporter importer;
    private final FindingStore store;
    private final ResourceGraphSweeps arg;
    private final SweepWithdrawals withdrawals;
    private final InputLimits limits;

    SweepController(SweepImporter importer, FindingStore store, ResourceGraphSweeps arg, SweepWithdrawals withdrawals,
                    InputLimits limits) {
        this.importer = importer;
        this.store = store;
        this.arg = arg;
        this.withdrawals = withdrawals;
        this.limits = limits;
    }

    /**
     * Imports a Resource Graph export (the JSON array of rows, or a response body with {@code data})
     * streamed from the request body. The sweep is applied when this answers; the cases it opens or
     * closes follow in the engine, hence 202.
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Sweep> importExport(HttpServletRequest request,
                                       @RequestParam(name = "name", required = false) String name)
            throws IOException {
        Sweep sweep = readBody(request, body -> importer.importArgExport(name == null ? "upload" : checkedName(name),
                body));
        return ResponseEntity.accepted().location(URI.create("/api/sweeps/" + sweep.id())).body(sweep);
    }

    /** Imports the CSV that Resource Graph Explorer downloads; columns are mapped by their header names. */
    @PostMapping(consumes = "text/csv")
    ResponseEntity<Sweep> importCsv(HttpServletRequest request,
                                    @RequestParam(name = "name", required = false) String name) throws IOException {
        Sweep sweep = readBody(request, body -> importer.importPortalCsv(name == null ? "upload.csv"
                : checkedName(name), body));
        return ResponseEntity.accepted().location(URI.create("/api/sweeps/" + sweep.id())).body(sweep);
    }

    /**
     * Imports the request body, refusing one that says it is larger than {@code fixline.limits.max-body-size}
     * before reading any of it. A body refused for anything else (what it says, its name) is read to its end (at
     * most that limit) before the answer, without parsing: a client still sending would otherwise see the
     * connection close, not the answer.
     */
    private Sweep readBody(HttpServletRequest request, java.util.function.Function<InputStream, Sweep> importer)
            throws IOException {
        if (request.getContentLengthLong() > limits.maxBodySize().toBytes()) {
            throw new SweepRejectedException(0, LimitExceededException.body(limits.maxBodySize()));
        }
        try (InputStream body = request.getInputStream()) {
            try {
                // The readers close what they read; the rest of a refused body must stay readable.
                return importer.apply(StreamUtils.nonClosing(body));
            } catch (RuntimeException e) {
                if (!(e instanceof SweepRejectedException r && "fixline.limits.max-body-size".equals(r.limit()))) {
                    drain(body);
                }
                throw e;
            }
        }
    }

    private void drain(InputStream body) {
        try {
            long left = limits.maxBodySize().toBytes();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while (left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            // the client went away: nobody waits for the answer
        }
    }

    /**
     * Imports several files as one sweep (one part of {@code multipart/form-data} each): the pages of a
     * paged Resource Graph result, or one export per subscription, JSON or CSV. Page 1 imported alone
     * is a partial sweep; the whole result imported next is accepted and may close findings.
     */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Sweep> importParts(HttpServletRequest request,
                                      @RequestParam(name = "name", required = false) String name)
            throws IOException, ServletException {
        List<Part> files = request.getParts().stream()
                .filter(p -> p.getSubmittedFileName() != null || p.getContentType() != null).toList();
        List<ExportPart> parts = new ArrayList<>();
        try {
            for (Part file : files) {
                parts.add(new ExportPart(file.getSubmittedFileName(), file.getContentType(), file.getInputStream()));
            }
            Sweep sweep = importer.importParts(name != null ? checkedName(name) : partsName(files), parts);
            return ResponseEntity.accepted().location(URI.create("/api/sweeps/" + sweep.id())).body(sweep);
        } finally {
            for (ExportPart part : parts) {
                try {
                    part.content().close();
                } catch (IOException e) {
                    // a part's temporary file: the container deletes it at the end of the request anyway
                }
            }
        }
    }

    /** A label the sweep can keep and show: at most 512 characters, no control characters. */
    static String checkedName(String name) {
        if (name.length() > 512) {
            throw new BadRequestException("name", "at most 512 characters, was " + name.length());
        }
        if (ControlCharacters.inLine(name) >= 0) {
            throw new BadRequestException("name", "must not hold control characters (such as a line break or NUL)");
        }
        return name;
    }

    /** The uploaded file names, as the sweep's name: {@code page-1.json + page-2.json}. */
    private static String partsName(List<Part> files) {
        String joined = String.join(" + ", files.stream().map(p -> p.getSubmittedFileName() == null ? p.getName()
                : p.getSubmittedFileName()).toList());
        joined = joined.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return joined.isEmpty() ? "upload" : joined.length() <= 500 ? joined : joined.substring(0, 497) + "...";
    }

    /** Starts a Resource Graph sweep now (administrators); its report appears in the sweep list. */
    @PostMapping("/arg")
    ResponseEntity<Map<String, String>> sweepResourceGraph() {
        if (!arg.enabled()) {
            throw new ConflictException("The Resource Graph source is not enabled (fixline.arg.enabled=false)");
        }
        if (!arg.startInBackground("api")) {
            throw new ConflictException("A Resource Graph sweep is already running");
        }
        return ResponseEntity.accepted().location(URI.create("/api/sweeps"))
                .body(Map.of("status", "started", "source", ResourceGraphSweeps.SOURCE));
    }

    @GetMapping
    Page<Sweep> list(@RequestParam(defaultValue = "0") int page,
                     @RequestParam(defaultValue = "" + PageParams.DEFAULT_SIZE) int size) {
        PageParams.check(page, size);
        return store.sweeps(page, size);
    }

    @GetMapping("/{id}")
    Sweep get(@PathVariable String id) {
        return store.sweep(id).orElseThrow(() -> new NotFoundException("Sweep", id));
    }

    record WithdrawalRequest(String reason) {
    }

    /**
     * Withdraws a wrongly applied sweep (administrators): it stays in the list, marked, but no longer counts
     * as the newest sweep of its registries, so the exports it wrongly superseded can be imported again.
     */
    @PostMapping(path = "/{id}/withdrawal", consumes = MediaType.APPLICATION_JSON_VALUE)
    Sweep withdraw(@PathVariable String id, @RequestBody WithdrawalRequest request, Principal who) {
        String reason = request == null || request.reason() == null ? "" : request.reason().strip();
        if (reason.isEmpty()) {
            throw new BadRequestException("reason", "say why the sweep is withdrawn, for the auditors");
        }
        if (reason.length() > 1000) {
            throw new BadRequestException("reason", "at most 1000 characters");
        }
        if (reason.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw new BadRequestException("reason", "must not hold control characters other than line breaks");
        }
        try {
            return withdrawals.withdraw(id, who.getName(), reason).orElseThrow(() -> new NotFoundException("Sweep", id));
        } catch (SweepNotWithdrawableException e) {
            throw new ConflictException(e.getMessage());
        }
    }
}
