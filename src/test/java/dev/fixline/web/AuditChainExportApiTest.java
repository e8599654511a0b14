package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.ApplicationTest;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.remediation.CaseDispatcher;
import dev.fixline.remediation.RemediationCases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * {@code GET /api/audit/export} over the chain the application wrote, checked offline with the script of
 * {@code docs/audit.md}, run as an auditor would run it ({@code python3}, the file, nothing else): a faithful
 * copy is intact, a copy with one field changed is named at that event.
 */
@ApplicationTest
class AuditChainExportApiTest {

    @Autowired TestRestTemplate http;
    @Autowired SweepImporter importer;
    @Autowired CaseDispatcher dispatcher;
    @Autowired RemediationCases cases;
    @Autowired ManagementService management;
    @Autowired ObjectMapper json;
    @TempDir Path dir;

    String today;

    @BeforeEach
    void aCaseWasOpenedToday() throws Exception {
        UiCases arranged = new UiCases("chain-export", json, importer, dispatcher, cases, management);
        arranged.open(arranged.row("CVE-2034-0101", "libexport", Instant.now().minus(Duration.ofDays(1))));
        today = LocalDate.now(ZoneOffset.UTC).toString();
    }

    @Test
    void aJsonExportVerifiesOfflineAndATamperedCopyIsNamedAtItsEvent() throws Exception {
        ResponseEntity<String> answer = get("/api/audit/export?from=" + today + "&to=" + today, null);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getHeaders().getContentDisposition().getFilename())
                .isEqualTo("fixline-audit-chain-" + today + "-to-" + today + ".json");
        JsonNode export = json.readTree(answer.getBody());
        JsonNode events = export.path("events");
        assertThat(events.size()).isPositive();
        assertThat(events.findValuesAsText("type")).contains("CASE_OPENED", "OWNER_ASSIGNED", "SLA_SET");
        assertThat(export.path("lastSeq").asLong() - export.path("firstSeq").asLong() + 1).isEqualTo(events.size());
        JsonNode head = json.readTree(http.withBasicAuth("auditor", "demo").getForObject("/api/audit/verify",
                String.class));

        Path copy = Files.writeString(dir.resolve("export.json"), answer.getBody());
        Offline faithful = verifyOffline(copy);
        assertThat(faithful.exit).as(faithful.out).isZero();
        assertThat(faithful.out).startsWith("intact: " + events.size() + " events");
        assertThat(faithful.out.strip()).as("the script names the export's last hash, to compare with an anchor")
                .endsWith("last hash " + events.get(events.size() - 1).path("hash").asText());
        if (export.path("lastSeq").asLong() == head.path("headSeq").asLong()) {
            assertThat(faithful.out.strip()).endsWith("last hash " + head.path("headHash").asText());
        }

        // Someone edits the copy: an approval's actor is changed in the readable field only, then in both.
        int victim = events.size() / 2;
        ObjectNode edited = (ObjectNode) json.readTree(answer.getBody());
        ObjectNode event = (ObjectNode) edited.path("events").get(victim);
        long seq = event.path("seq").asLong();
        event.put("actor", "ciso@contoso.example");
        Offline readable = verifyOffline(Files.writeString(dir.resolve("readable.json"), json.writeValueAsString(edited)));
        ObjectNode canonical = (ObjectNode) json.readTree(event.path("canonical").asText());
        canonical.put("actor", "ciso@contoso.example");
        event.put("canonical", json.writeValueAsString(canonical));
        Offline rehashedNot = verifyOffline(Files.writeString(dir.resolve("both.json"), json.writeValueAsString(edited)));

        assertThat(readable.exit).isEqualTo(1);
        assertThat(readable.out).contains("broken at event " + seq + ": its fields differ from what was hashed");
        assertThat(rehashedNot.exit).isEqualTo(1);
        assertThat(rehashedNot.out).contains("broken at event " + seq + ": it is not as it was sealed");

        // A copy whose last event was cut off (a download broken off) says so.
        ObjectNode cut = (ObjectNode) json.readTree(answer.getBody());
        ((com.fasterxml.jackson.databind.node.ArrayNode) cut.path("events")).remove(events.size() - 1);
        Offline shortened = verifyOffline(Files.writeString(dir.resolve("cut.json"), json.writeValueAsString(cut)));
        assertThat(shortened.exit).isEqualTo(1);
        assertThat(shortened.out).contains("holds " + (events.size() - 1) + " events: it was cut");
    }

    @Test
    void aCsvExportVerifiesOfflineAndARemovedRowIsNamed() throws Exception {
        HttpHeaders accept = new HttpHeaders();
        accept.set(HttpHeaders.ACCEPT, "text/csv");
        ResponseEntity<String> answer = get("/api/audit/export?from=" + today, accept);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getHeaders().getContentType().toString()).startsWith("text/csv");
        List<String> lines = answer.getBody().lines().toList();
        assertThat(lines.get(0)).isEqualTo("seq,occurred_at,type,case_id,finding_id,actor,summary,evidence,"
                + "prev_hash,hash,canonical");
        Offline faithful = verifyOffline(Files.writeString(dir.resolve("export.csv"), answer.getBody()));
        assertThat(faithful.exit).as(faithful.out).isZero();
        assertThat(faithful.out).startsWith("intact: ");

        // The same through format=csv; then a copy with its third record left out.
        ResponseEntity<String> byFormat = get("/api/audit/export?from=" + today + "&format=csv", null);
        List<org.apache.commons.csv.CSVRecord> records = org.apache.commons.csv.CSVFormat.RFC4180.builder()
                .setHeader().setSkipHeaderRecord(true).get().parse(new java.io.StringReader(byFormat.getBody()))
                .getRecords();
        assertThat(records.size()).isGreaterThanOrEqualTo(3);
        String third = records.get(2).get("seq");
        StringBuilder without = new StringBuilder();
        try (var printer = new org.apache.commons.csv.CSVPrinter(without, org.apache.commons.csv.CSVFormat.RFC4180
                .builder().setHeader(AuditController.CSV_COLUMNS).get())) {
            for (int i = 0; i < records.size(); i++) {
                if (i != 2) {
                    printer.printRecord(records.get(i).toList());
                }
            }
        }
        Offline gap = verifyOffline(Files.writeString(dir.resolve("gap.csv"), without));
        assertThat(gap.exit).isEqualTo(1);
        assertThat(gap.out).contains("broken at event " + (Long.parseLong(third) + 1) + ": it comes right after event "
                + (Long.parseLong(third) - 1) + ": events " + third + " to " + third + " are missing");
    }

    @Test
    void aWrongDayOrFormatIsRefusedAndAnOwnerMayNotExport() throws Exception {
        ResponseEntity<String> day = get("/api/audit/export?from=2026-13-01", null);
        ResponseEntity<String> format = get("/api/audit/export?format=xlsx", null);
        ResponseEntity<String> backwards = get("/api/audit/export?from=2026-06-02&to=2026-06-01", null);
        ResponseEntity<String> owner = http.withBasicAuth("owner", "demo").getForEntity("/api/audit/export",
                String.class);
        ResponseEntity<String> future = get("/api/audit/export?from=2099-01-01", null);

        assertThat(day.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(day.getBody()).path("detail").asText()).contains("'2026-13-01' is not a day");
        assertThat(format.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(format.getBody()).path("detail").asText()).contains("'xlsx' is not csv or json");
        assertThat(backwards.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(owner.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(future.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(future.getBody()).path("events").size()).isZero();
    }

    private ResponseEntity<String> get(String path, HttpHeaders headers) {
        return http.withBasicAuth("auditor", "demo").exchange(path, HttpMethod.GET,
                new HttpEntity<>(headers == null ? new HttpHeaders() : headers), String.class);
    }

    /** Runs the script of docs/audit.md, as saved from the page, on the file. */
    private Offline verifyOffline(Path export) throws IOException, InterruptedException {
        String page = Files.readString(Path.of("docs/audit.md"));
        String block = page.substring(page.indexOf("<!-- verify-script:start -->"), page.indexOf("<!-- verify-script:end -->"));
        String script = block.substring(block.indexOf("```python\n") + "```python\n".length(), block.lastIndexOf("```"));
        Path saved = Files.writeString(dir.resolve("verify-fixline-audit.py"), script);
        Process python;
        try {
            python = new ProcessBuilder("python3", saved.toString(), export.toString()).redirectErrorStream(true)
                    .start();
        } catch (IOException missing) {
            throw new AssertionError("the offline check runs the script with python3: apt-get install python3", missing);
        }
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Offline(python.exitValue(), out);
    }

    private record Offline(int exit, String out) {
    }
}
