package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.ApplicationTest;
import dev.fixline.HeapProbe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a request may cost is bounded while it is read (issue 11: a 50 MB row of nested {@code {}} posted by a
 * manager ended in an OutOfMemoryError and a server that answered nothing). Over real HTTP, with the defaults
 * of {@code fixline.limits.*}.
 */
@ApplicationTest
class RequestLimitsTest {

    private static final String MANAGER = "Basic " + Base64.getEncoder().encodeToString("manager:demo".getBytes());
    private static final long ROW_BYTES = 50L * 1024 * 1024;

    @LocalServerPort int port;
    @Autowired ObjectMapper json;
    @Autowired JdbcTemplate jdbc;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void aFiftyMegabyteRowOfNestedObjectsIsRefusedAndTheHeapStaysBounded() throws Exception {
        long sweeps = count("sweep");
        long usedBefore = HeapProbe.usedAfterGc();
        HeapProbe probe = HeapProbe.start();

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/api/sweeps"))
                .header("Authorization", MANAGER).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new NestedRow(ROW_BYTES))).build(),
                HttpResponse.BodyHandlers.ofString());

        long allocated = probe.allocatedSince();
        long peak = HeapProbe.peakHeap();
        long usedAfter = HeapProbe.usedAfterGc();
        System.out.printf("[limits] 50 MB row of nested {}: HTTP %d; the JVM allocated %s while it was sent and "
                + "refused; heap peak %s; heap after GC %s before, %s after%n", response.statusCode(),
                HeapProbe.mb(allocated), HeapProbe.mb(peak), HeapProbe.mb(usedBefore), HeapProbe.mb(usedAfter));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("detail").asText()).isEqualTo("row 1: the row is larger than the 1 MB that "
                + "fixline.limits.max-row-size allows");
        assertThat(problem.path("limit").asText()).isEqualTo("fixline.limits.max-row-size");
        assertThat(problem.path("row").asInt()).isEqualTo(1);
        // Reading the whole row as a tree took gigabytes; what is allowed of it costs a few dozen megabytes.
        assertThat(allocated).as("bytes allocated while the row was refused").isLessThan(400L * 1024 * 1024);
        assertThat(count("sweep")).as("nothing recorded").isEqualTo(sweeps);
        assertThat(health()).isEqualTo(200);
    }

    @Test
    void aBodyThatSaysItIsTooLargeIsRefusedBeforeItIsRead() throws Exception {
        // One gigabyte announced, none of it sent: the answer comes before the body.
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/sweeps HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + MANAGER
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + (1L << 30) + "\r\n\r\n[")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readHead(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).contains("application/problem+json").contains("fixline.limits.max-body-size");
        }
        assertThat(health()).isEqualTo(200);
    }

    @Test
    void aMultipartUploadOfMoreThanAThousandPartsIsRefusedByItsLimit() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            body.append("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p").append(i)
                    .append(".json\"\r\nContent-Type: application/json\r\n\r\n[]\r\n");
        }
        body.append("--b--\r\n");
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/api/sweeps"))
                .header("Authorization", MANAGER).header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(response.body()).path("limit").asText()).isEqualTo("server.tomcat.max-part-count");
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    private int health() throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri("/actuator/health")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String readHead(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        int n = in.read(buffer);
        return n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** {@code [{"id":"x","properties":{"n":[{"a":{"a":{}}},{"a":{"a":{}}},…]}}]}, made as it is read. */
    static final class NestedRow extends InputStream {
        private static final byte[] HEAD = "[{\"id\":\"x\",\"properties\":{\"n\":[".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] ITEM = "{\"a\":{\"a\":{}}},".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] TAIL = "{}]}}]".getBytes(StandardCharsets.US_ASCII);
        private final long size;
        private long position;

        NestedRow(long size) {
            this.size = HEAD.length + (size - HEAD.length) / ITEM.length * ITEM.length;
        }

        @Override
        public int read() {
            if (position >= size + TAIL.length) {
                return -1;
            }
            long p = position++;
            if (p < HEAD.length) {
                return HEAD[(int) p];
            }
            if (p < size) {
                return ITEM[(int) ((p - HEAD.length) % ITEM.length)];
            }
            return TAIL[(int) (p - size)];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = 0;
            while (n < len) {
                int c = read();
                if (c < 0) {
                    return n == 0 ? -1 : n;
                }
                b[off + n++] = (byte) c;
            }
            return n;
        }
    }
}
