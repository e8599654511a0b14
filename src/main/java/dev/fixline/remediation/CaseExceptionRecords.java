package dev.fixline.remediation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code case_exception} table: each exception asked for on a case and its decision. */
@Repository
class CaseExceptionRecords {

    private final JdbcTemplate jdbc;
    private final JdbcClient named;

    CaseExceptionRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.named = JdbcClient.create(jdbc);
    }

    void insert(CaseException e) {
        named.sql("""
                INSERT INTO case_exception (id, case_id, requested_by, requested_at, source, reason,
                  compensating_control, expires_at, state)
                VALUES (:id, :caseId, :by, :at, :source, :reason, :control, :expires, :state)""")
                .param("id", e.id()).param("caseId", e.caseId()).param("by", e.requestedBy())
                .param("at", utc(e.requestedAt())).param("source", e.source()).param("reason", e.reason())
                .param("control", e.compensatingControl()).param("expires", utc(e.expiresAt()))
                .param("state", e.state().name()).update();
    }

    Optional<CaseException> find(String id) {
        return jdbc.query("SELECT * FROM case_exception WHERE id = ?", (rs, n) -> map(rs), id).stream().findFirst();
    }

    /** The case's exceptions, oldest first. */
    List<CaseException> ofCase(String caseId) {
        return jdbc.query("SELECT * FROM case_exception WHERE case_id = ? ORDER BY requested_at, id",
                (rs, n) -> map(rs), caseId);
    }

    /** The request of the case that waits for a decision, if any. */
    Optional<CaseException> requested(String caseId) {
        return jdbc.query("SELECT * FROM case_exception WHERE case_id = ? AND state = 'REQUESTED' ORDER BY requested_at "
                + "DESC, id", (rs, n) -> map(rs), caseId).stream().findFirst();
    }

    /** A request that was never decided, and no longer can be. False when it was decided (or lapsed) before. */
    boolean lapse(String id, String reason, Instant at) {
        return jdbc.update("UPDATE case_exception SET state = 'LAPSED', end_reason = ?, ended_at = ? WHERE id = ? "
                + "AND state = 'REQUESTED'", reason, utc(at), id) == 1;
    }

    /**
     * Each case's exception that runs, else the one asked for: what the case shows. A request to extend a
     * running exception shows in the history ({@link #ofCase}).
     */
    Map<String, CaseException> live(Collection<String> caseIds) {
        Map<String, CaseException> byCase = new HashMap<>();
        if (caseIds.isEmpty()) {
            return byCase;
        }
        jdbc.query("SELECT * FROM case_exception WHERE state IN ('REQUESTED', 'APPROVED') AND case_id IN ("
                        + String.join(",", Collections.nCopies(caseIds.size(), "?")) + ") ORDER BY requested_at, id",
                (ResultSet rs) -> {
                    CaseException e = map(rs);
                    CaseException seen = byCase.get(e.caseId());
                    if (seen == null || seen.state() != CaseException.State.APPROVED) {
                        byCase.put(e.caseId(), e);
                    }
                }, caseIds.toArray());
        return byCase;
    }

    void setApprovers(String id, List<String> approvers) {
        jdbc.update("UPDATE case_exception SET approvers = ? WHERE id = ?", String.join(",", approvers), id);
    }

    /** Records the decision once; false when it was recorded before (a step run again). */
    boolean decide(String id, boolean approved, String by, String reason, Instant at) {
        return jdbc.update("UPDATE case_exception SET state = ?, decided_by = ?, decision_reason = ?, decided_at = ? "
                        + "WHERE id = ? AND state = 'REQUESTED'", (approved ? CaseException.State.APPROVED
                        : CaseException.State.REFUSED).name(), by, reason, utc(at), id) == 1;
    }

    /** Ends a running exception (expired, revoked or extended); false when it was not running. */
    boolean end(String id, CaseException.State state, String reason, Instant at) {
        return jdbc.update("UPDATE case_exception SET state = ?, end_reason = ?, ended_at = ? WHERE id = ? "
                + "AND state = 'APPROVED'", state.name(), reason, utc(at), id) == 1;
    }

    private static CaseException map(ResultSet rs) throws SQLException {
        String approvers = rs.getString("approvers");
        return new CaseException(rs.getString("id"), rs.getString("case_id"),
                CaseException.State.valueOf(rs.getString("state")), rs.getString("requested_by"),
                instant(rs, "requested_at"), rs.getString("source"), rs.getString("reason"),
                rs.getString("compensating_control"), instant(rs, "expires_at"),
                approvers == null ? List.of() : Arrays.asList(approvers.split(",")), rs.getString("decided_by"),
                instant(rs, "decided_at"), rs.getString("decision_reason"), instant(rs, "ended_at"),
                rs.getString("end_reason"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
