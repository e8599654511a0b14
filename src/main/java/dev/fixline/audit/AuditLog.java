package dev.fixline.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import dev.fixline.limits.ControlCharacters;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The governance log: append-only (no update or delete is offered), read as a case's timeline.
 * Entries join the caller's transaction, so an event is recorded exactly when its change commits.
 */
@Service
public class AuditLog {

    public static final String SYSTEM = "fixline";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    AuditLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The column keeps this much; a summary quoting a long reason is cut, the reason is kept in the process. */
    static final int MAX_SUMMARY = 1000;

    /** @param evidence JSON, or null */
    public void record(String caseId, String findingId, AuditEventType type, String actor, String summary,
                       String evidence) {
        String text = ControlCharacters.text(summary);
        if (text.length() > MAX_SUMMARY) {
            text = text.substring(0, MAX_SUMMARY - 1) + "…";
        }
        summary = text;
        jdbc.update("""
                INSERT INTO audit_event (occurred_at, case_id, finding_id, event_type, actor, summary, evidence)
                VALUES (?,?,?,?,?,?,?)""", clock.instant().atOffset(ZoneOffset.UTC), caseId, findingId, type.name(), actor,
                summary, evidence);
    }

    /** Every event of a case, oldest first. */
    public List<AuditEvent> timeline(String caseId) {
        return jdbc.query("SELECT * FROM audit_event WHERE case_id = ? ORDER BY id", (rs, n) -> new AuditEvent(
                rs.getLong("id"), instant(rs.getTimestamp("occurred_at")), rs.getString("case_id"),
                rs.getString("finding_id"), rs.getString("event_type"), rs.getString("actor"),
                rs.getString("summary"), rs.getString("evidence")), caseId);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
