package dev.fixline.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.fixline.finding.ClosureEvidence;
import dev.fixline.finding.ClosureRef;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A closure reference as the outbox and the process carry it: {@code <finding id>@<closure time>}. The
 * evidence itself stays with the finding store, which keeps every closure.
 */
final class ClosureRefs {

    /** As the API writes it: times as ISO-8601 text. */
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private ClosureRefs() {
    }

    /** The evidence as the audit log keeps it (JSON), or null. */
    static String json(ClosureEvidence evidence) {
        if (evidence == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(evidence);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("closure evidence cannot be written", e);
        }
    }

    static String text(ClosureRef ref) {
        return ref.findingId() + "@" + ref.closedAt();
    }

    /** @return null for null or text that is not a reference (a process started before references) */
    static ClosureRef parse(String text) {
        if (text == null) {
            return null;
        }
        int at = text.lastIndexOf('@');
        if (at <= 0) {
            return null;
        }
        try {
            return new ClosureRef(text.substring(0, at), Instant.parse(text.substring(at + 1)));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
