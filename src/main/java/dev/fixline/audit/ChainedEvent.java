package dev.fixline.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** A row of the governance log with its place in the chain (null while its transaction has not committed). */
record ChainedEvent(long id, Long seq, String prevHash, String hash, Instant occurredAt, String caseId,
                    String findingId, String type, String actor, String summary, String evidence) {

    static ChainedEvent of(ResultSet rs, int row) throws SQLException {
        long seq = rs.getLong("seq");
        return new ChainedEvent(rs.getLong("id"), rs.wasNull() ? null : seq, rs.getString("prev_hash"),
                rs.getString("hash"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("case_id"),
                rs.getString("finding_id"), rs.getString("event_type"), rs.getString("actor"), rs.getString("summary"),
                rs.getString("evidence"));
    }

    /** The hash of the event at place {@code seq}; null when no event holds that place. */
    static String hashAt(org.springframework.jdbc.core.JdbcTemplate jdbc, long seq) {
        return jdbc.query("SELECT hash FROM audit_event WHERE seq = ?", rs -> rs.next() ? rs.getString(1) : null, seq);
    }

    /** The event as the chain hashes it, at place {@code seq}. */
    String canonical(long at) {
        return AuditChain.canonical(at, occurredAt, caseId, findingId, type, actor, summary, evidence);
    }
}
