package dev.fixline.reliability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.DefenderRows;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Resource Graph exports of one registry of their own, for crash scenarios: {@code rows} findings with
 * distinct keys, of which the first {@code qualifying} are High (one case each) and the rest Medium or Low
 * (no case). Times are relative to the real clock, since the application has no fake one.
 */
public final class Exports {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FINDINGS_PER_REPOSITORY = 50;

    private final DefenderRows rows;

    public Exports(String prefix) {
        this.rows = new DefenderRows(JSON, prefix);
    }

    public String registryHost() {
        return rows.registryHost();
    }

    /** A complete export as of {@code scannedAt}; the same arguments give the same findings. */
    public byte[] export(int count, int qualifying, Instant scannedAt) {
        Instant scanned = scannedAt.truncatedTo(ChronoUnit.MILLIS);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode data = body.putArray("data");
        for (int i = 0; i < count; i++) {
            String repository = "crash/svc-" + (i / FINDINGS_PER_REPOSITORY);
            String digest = "sha256:" + String.format("%064x", (long) i / FINDINGS_PER_REPOSITORY);
            String severity = i < qualifying ? "High" : i % 2 == 0 ? "Medium" : "Low";
            data.add(rows.row(repository, digest, scanned.minus(2, ChronoUnit.DAYS), scanned,
                    "CVE-2024-" + (100000 + i), severity, rows.os("12"), "libcrash" + (i % 7), "1.0.0", "1.0.1"));
        }
        body.put("totalRecords", count).put("count", count).put("resultTruncated", "false");
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
