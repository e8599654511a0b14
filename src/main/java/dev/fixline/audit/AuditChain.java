package dev.fixline.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * How an event is hashed into the chain: {@code hash = SHA-256(previous hash + "\n" + canonical event)}, hex.
 * The canonical event is JSON with its fields in a fixed order, times as ISO-8601 instants in UTC, absent values
 * as {@code null}; {@code docs/audit.md} shows how to recompute it with standard tools.
 */
public final class AuditChain {

    /** The hash before the first event. */
    public static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private AuditChain() {
    }

    /** The event as the chain hashes it. */
    public static String canonical(long seq, Instant occurredAt, String caseId, String findingId, String type,
                                   String actor, String summary, String evidence) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("seq", seq);
        fields.put("occurredAt", occurredAt.toString());
        fields.put("caseId", caseId);
        fields.put("findingId", findingId);
        fields.put("type", type);
        fields.put("actor", actor);
        fields.put("summary", summary);
        fields.put("evidence", evidence);
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings and numbers are always JSON", e);
        }
    }

    public static String hash(String previous, String canonical) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest((previous + "\n" + canonical)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
