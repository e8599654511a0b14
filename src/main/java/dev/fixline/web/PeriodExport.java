package dev.fixline.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.audit.AuditEvent;
import dev.fixline.audit.AuditLog;
import dev.fixline.remediation.CaseQuery;
import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.RemediationCases;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The export of an auditor's search: every case found, with the governance events of the period (all of
 * them without a period), as CSV (one row per event) or JSON (cases holding their events). Written while the
 * cases are read, a page at a time, so that a year of a large tenant does not sit in memory.
 */
@Controller
@UiPage
class PeriodExport {

    private static final Logger log = LoggerFactory.getLogger(PeriodExport.class);
    static final int BATCH = 500;
    static final List<String> CSV_HEADER = List.of("case_id", "severity", "vulnerability_id", "package",
            "registry", "repository", "owner", "team", "manager", "state", "resolution", "opened_at", "due_at",
            "closed_at", "event_id", "event_at", "event_type", "actor", "summary", "evidence");

    private final RemediationCases cases;
    private final AuditLog audit;
    private final CaseRights rights;
    private final ObjectMapper json;
    private final Clock clock;

    PeriodExport(RemediationCases cases, AuditLog audit, CaseRights rights, ObjectMapper json, Clock clock) {
        this.cases = cases;
        this.audit = audit;
        this.rights = rights;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Written to the response as it is read, on the request's own thread: a streamed body would run under the
     * container's asynchronous timeout (30 s on Tomcat), which a year of a large tenant can outlast.
     */
    @GetMapping("/audit/export")
    void export(@RequestParam Map<String, String> params, Authentication who, HttpServletResponse response)
            throws IOException {
        String format = params.getOrDefault("format", "csv");
        if (!format.equals("csv") && !format.equals("json")) {
            throw new BadRequestException("format", "'" + format + "' is neither csv nor json");
        }
        AuditSearch search = AuditSearch.of(params);
        CaseQuery query = search.query(rights.visibility(who));
        Instant at = clock.instant();
        String name = "fixline-cases-" + (search.from() == null ? "start" : search.from()) + "-to-"
                + (search.to() == null ? at.toString().substring(0, 10) : search.to()) + "." + format;
        // The cases are fixed when the export starts: one that opens or closes meanwhile is neither repeated
        // nor skipped.
        List<String> ids = cases.ids(query);
        log.info("{} exports {} cases as {} with {}", who.getName(), ids.size(), format,
                search.parameters().toString().replaceAll("\\p{Cntrl}", "?"));
        response.setContentType(format.equals("csv") ? "text/csv;charset=UTF-8" : MediaType.APPLICATION_JSON_VALUE);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build()
                .toString());
        OutputStream out = response.getOutputStream();
        if (format.equals("csv")) {
            csv(ids, search, out);
        } else {
            json(ids, search, who.getName(), at, out);
        }
    }

    /** Feeds each page of cases, with its events of the period, to {@code sink}. */
    private interface Sink {
        void accept(CaseView c, List<AuditEvent> events) throws IOException;
    }

    private void eachCase(List<String> ids, AuditSearch search, Sink sink) throws IOException {
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            Map<String, List<AuditEvent>> events = audit.timelines(batch, search.since(), search.until());
            for (CaseView c : cases.byIds(batch)) {
                sink.accept(c, events.getOrDefault(c.id(), List.of()));
            }
        }
    }

    private void csv(List<String> ids, AuditSearch search, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder()
                .setHeader(CSV_HEADER.toArray(String[]::new)).get())) {
            eachCase(ids, search, (c, events) -> {
                if (events.isEmpty()) {
                    csv.printRecord(row(c, null));
                }
                for (AuditEvent e : events) {
                    csv.printRecord(row(c, e));
                }
            });
        }
    }

    private static List<String> row(CaseView c, AuditEvent e) {
        return SpreadsheetCells.safe(c.id(), c.severity().label(), c.vulnerabilityId(), c.packageName(),
                c.registryHost(), c.repository(), c.owner(), c.team(), c.manager(), c.state().name(), c.resolution(),
                text(c.openedAt()), text(c.dueAt()), text(c.closedAt()), e == null ? null : String.valueOf(e.id()),
                e == null ? null : text(e.occurredAt()), e == null ? null : e.type(), e == null ? null : e.actor(),
                e == null ? null : e.summary(), e == null ? null : e.evidence());
    }

    private void json(List<String> ids, AuditSearch search, String by, Instant at, OutputStream out)
            throws IOException {
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("exportedAt", at.toString());
            g.writeStringField("exportedBy", by);
            g.writeObjectField("filters", search.parameters());
            g.writeObjectFieldStart("period");
            g.writeStringField("from", search.since() == null ? null : search.since().toString());
            g.writeStringField("until", search.until() == null ? null : search.until().toString());
            g.writeEndObject();
            g.writeArrayFieldStart("cases");
            eachCase(ids, search, (c, events) -> {
                g.writeStartObject();
                g.writeObjectField("case", c);
                g.writeObjectField("events", events);
                g.writeEndObject();
            });
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
