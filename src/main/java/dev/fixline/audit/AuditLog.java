package dev.fixline.audit;

import dev.fixline.limits.ControlCharacters;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        return jdbc.query("SELECT * FROM audit_event WHERE case_id = ? ORDER BY id", AuditLog::event, caseId);
    }

    /**
     * The events of these cases that occurred in {@code [from, until)} (either end null: open-ended), each
     * case's oldest first; one query for a page of cases rather than one per case.
     */
    public Map<String, List<AuditEvent>> timelines(Collection<String> caseIds, Instant from, Instant until) {
        if (caseIds.isEmpty()) {
            return Map.of();
        }
        List<Object> args = new ArrayList<>(caseIds);
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_event WHERE case_id IN ("
                + String.join(",", Collections.nCopies(caseIds.size(), "?")) + ")");
        if (from != null) {
            sql.append(" AND occurred_at >= ?");
            args.add(from.atOffset(ZoneOffset.UTC));
        }
        if (until != null) {
            sql.append(" AND occurred_at < ?");
            args.add(until.atOffset(ZoneOffset.UTC));
        }
        Map<String, List<AuditEvent>> byCase = new LinkedHashMap<>();
        jdbc.query(sql.append(" ORDER BY case_id, id").toString(), (ResultSet rs) -> {
            AuditEvent e = event(rs, 0);
            byCase.computeIfAbsent(e.caseId(), k -> new ArrayList<>()).add(e);
        }, args.toArray());
        return byCase;
    }

    private static AuditEvent event(ResultSet rs, int row) throws SQLException {
        return new AuditEvent(rs.getLong("id"), instant(rs.getTimestamp("occurred_at")), rs.getString("case_id"),
                rs.getString("finding_id"), rs.getString("event_type"), rs.getString("actor"),
                rs.getString("summary"), rs.getString("evidence"));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
