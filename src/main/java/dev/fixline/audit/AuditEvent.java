package dev.fixline.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/** One governance event: who did what to which case, when, and on what evidence. */
public record AuditEvent(long id, Instant occurredAt, String caseId, String findingId, String type, String actor,
                         String summary, @JsonRawValue String evidence) {
}
