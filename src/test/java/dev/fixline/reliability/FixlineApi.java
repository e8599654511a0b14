package dev.fixline.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Fixline's REST API as a user calls it (HTTP Basic with the demo users), for tests against a separate JVM. */
public final class FixlineApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final FixlineProcess node;

    public FixlineApi(FixlineProcess node) {
        this.node = node;
    }

    /** An HTTP answer: its status and body. */
    public record Answer(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }
    }

    /** {@code POST /api/sweeps} of a JSON export, as the manager; waits as long as the import takes. */
    public Answer postExport(byte[] export, String name) throws IOException, InterruptedException {
        HttpRequest request = request("/api/sweeps?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), "manager")
                .header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(export)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /**
     * {@code POST /api/sweeps} sent at a limited rate, as over a slow link: the import then lasts about
     * {@code export.length / bytesPerSecond} whatever the machine's speed, so a kill can be aimed into it.
     */
    public Answer postExportSlowly(byte[] export, String name, int bytesPerSecond) throws IOException, InterruptedException {
        HttpRequest request = request("/api/sweeps?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), "manager")
                .header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Throttled(export, bytesPerSecond))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /** Hands out the bytes no faster than the given rate, in chunks of a tenth of a second. */
    private static final class Throttled extends java.io.InputStream {
        private final byte[] bytes;
        private final int perSecond;
        private final long begin = System.nanoTime();
        private int position;

        Throttled(byte[] bytes, int perSecond) {
            this.bytes = bytes;
            this.perSecond = perSecond;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (position >= bytes.length) {
                return -1;
            }
            long allowed = (System.nanoTime() - begin) * perSecond / 1_000_000_000L + perSecond / 10;
            while (allowed <= position) {
                FixlineProcess.sleep(Duration.ofMillis(20));
                allowed = (System.nanoTime() - begin) * perSecond / 1_000_000_000L + perSecond / 10;
            }
            int n = (int) Math.min(length, Math.min(allowed, bytes.length) - position);
            System.arraycopy(bytes, position, into, offset, n);
            position += n;
            return n;
        }
    }

    /** A GET as the auditor (or admin for {@code /engine-rest} and the actuator), which must answer 200. */
    public JsonNode get(String pathAndQuery) {
        String user = pathAndQuery.startsWith("/engine-rest") || pathAndQuery.startsWith("/actuator") ? "admin" : "auditor";
        try {
            HttpResponse<String> response = http.send(request(pathAndQuery, user).timeout(Duration.ofMinutes(2)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + pathAndQuery + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + pathAndQuery + " on " + node.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code total} of a paged list. */
    public long total(String listPathAndQuery) {
        String sep = listPathAndQuery.contains("?") ? "&" : "?";
        return get(listPathAndQuery + sep + "size=1").path("total").asLong();
    }

    /** Every item of a paged list, page by page. */
    public List<JsonNode> all(String listPath) {
        List<JsonNode> items = new ArrayList<>();
        String sep = listPath.contains("?") ? "&" : "?";
        for (int page = 0; ; page++) {
            JsonNode answer = get(listPath + sep + "size=1000&page=" + page);
            answer.path("items").forEach(items::add);
            if (answer.path("items").size() < 1000) {
                return items;
            }
        }
    }

    private HttpRequest.Builder request(String pathAndQuery, String user) {
        return HttpRequest.newBuilder(URI.create(node.baseUrl() + pathAndQuery))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
    }
}
