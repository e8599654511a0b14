package dev.fixline.ticketing;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ticket-link and comment tables. Every write commits at once in a transaction of its own: what was
 * sent to a tracker must stay remembered even when the engine job that sent it rolls back.
 */
@Repository
class TicketLinks {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate own;

    TicketLinks(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    Optional<TicketLink> find(String caseId) {
        return own.execute(s -> jdbc.query("SELECT * FROM ticket_link WHERE case_id = ?", TicketLinks::map, caseId)
                .stream().findFirst());
    }

    /** The links of these cases, in one query; a case without one is not in the map. */
    Map<String, TicketLink> findAll(Collection<String> caseIds) {
        if (caseIds.isEmpty()) {
            return Map.of();
        }
        Map<String, TicketLink> found = new HashMap<>();
        own.executeWithoutResult(s -> jdbc.query("SELECT * FROM ticket_link WHERE case_id IN ("
                + String.join(",", Collections.nCopies(caseIds.size(), "?")) + ")", TicketLinks::map,
                caseIds.toArray()).forEach(l -> found.put(l.caseId(), l)));
        return found;
    }

    /** The cases linked to a tracker's ticket, newest first (a regression shares its predecessor's ticket). */
    List<TicketLink> byTicketId(String ticketId) {
        return jdbc.query("SELECT * FROM ticket_link WHERE ticket_id = ? ORDER BY created_at DESC, case_id DESC",
                TicketLinks::map, ticketId);
    }

    /** @return false when the case already has its row */
    boolean insertPending(String caseId, String fingerprint, String tracker, String project, Instant now) {
        try {
            own.executeWithoutResult(s -> jdbc.update("""
                    INSERT INTO ticket_link (case_id, fingerprint, tracker, project, state, created_at, updated_at)
                    VALUES (?,?,?,?,'PENDING',?,?)""", caseId, fingerprint, tracker, project, utc(now), utc(now)));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** While nothing was sent, the row follows the current tracker and project. */
    void retarget(String caseId, String tracker, String project, Instant now) {
        update("""
                UPDATE ticket_link SET tracker = ?, project = ?, updated_at = ?
                WHERE case_id = ? AND state = 'PENDING' AND (tracker <> ? OR project <> ?)""",
                tracker, project, utc(now), caseId, tracker, project);
    }

    /** @return true when the row is (now) abandoned: nothing was sent, and nothing will be */
    boolean abandon(String caseId, Instant now) {
        update("UPDATE ticket_link SET state = 'ABANDONED', updated_at = ? WHERE case_id = ? AND state = 'PENDING'",
                utc(now), caseId);
        return find(caseId).map(l -> "ABANDONED".equals(l.state())).orElse(false);
    }

    /** Claims the right to send the create; only one worker wins. */
    boolean claimCreate(String caseId, Instant now) {
        return update("""
                UPDATE ticket_link SET state = 'CREATING', attempt_started_at = ?, updated_at = ?
                WHERE case_id = ? AND state = 'PENDING'""", utc(now), utc(now), caseId) == 1;
    }

    void markUnknown(String caseId, String error, Instant now) {
        update("""
                UPDATE ticket_link SET state = 'UNKNOWN', unknown_checks = 0, attempt_started_at = ?, last_error = ?,
                  updated_at = ? WHERE case_id = ? AND state IN ('CREATING', 'UNKNOWN')""",
                utc(now), truncate(error), utc(now), caseId);
    }

    /** A search found nothing yet: wait once more before believing it. */
    void uncertainAgain(String caseId, Instant attemptedAt, Instant now) {
        update("""
                UPDATE ticket_link SET state = 'UNKNOWN', unknown_checks = unknown_checks + 1, attempt_started_at = ?,
                  updated_at = ? WHERE case_id = ? AND state IN ('CREATING', 'UNKNOWN') AND attempt_started_at = ?""",
                utc(now), utc(now), caseId, utc(attemptedAt));
    }

    /** Nothing was created (a refusal, or searches that found nothing): the create may be sent again. */
    boolean backToPending(String caseId, String fromState, Instant attemptedAt, String error, Instant now) {
        return update("""
                UPDATE ticket_link SET state = 'PENDING', unknown_checks = 0, last_error = ?, updated_at = ?
                WHERE case_id = ? AND state = ? AND attempt_started_at = ?""",
                truncate(error), utc(now), caseId, fromState, utc(attemptedAt)) == 1;
    }

    void linked(String caseId, RemoteTicket t, String priority, LocalDate dueDate, Instant now) {
        update("""
                UPDATE ticket_link SET state = 'LINKED', ticket_id = ?, ticket_key = ?, ticket_url = ?, status_name = ?,
                  status_category = ?, resolution = ?, assignee = ?, priority = ?, due_date = ?, last_error = NULL,
                  updated_at = ? WHERE case_id = ?""", t.id(), t.key(), t.url(), t.statusName(), t.statusCategory(),
                t.resolution(), t.assignee(), priority, dueDate == null ? null : Date.valueOf(dueDate), utc(now),
                caseId);
    }

    void status(String caseId, String statusName, String statusCategory, String resolution, Instant now) {
        update("UPDATE ticket_link SET status_name = ?, status_category = ?, resolution = ?, updated_at = ? "
                + "WHERE case_id = ?", statusName, statusCategory, resolution, utc(now), caseId);
    }

    void assignee(String caseId, String assignee, Instant now) {
        update("UPDATE ticket_link SET assignee = ?, updated_at = ? WHERE case_id = ?", assignee, utc(now), caseId);
    }

    void priority(String caseId, String priority, Instant now) {
        update("UPDATE ticket_link SET priority = ?, updated_at = ? WHERE case_id = ?", priority, utc(now), caseId);
    }

    void dueDate(String caseId, LocalDate dueDate, Instant now) {
        update("UPDATE ticket_link SET due_date = ?, updated_at = ? WHERE case_id = ?", Date.valueOf(dueDate),
                utc(now), caseId);
    }

    void lastEvent(String caseId, Instant at) {
        update("UPDATE ticket_link SET last_event_at = ? WHERE case_id = ?", utc(at), caseId);
    }

    void error(String caseId, String error, Instant now) {
        update("UPDATE ticket_link SET last_error = ?, updated_at = ? WHERE case_id = ?", truncate(error), utc(now),
                caseId);
    }

    /** A move found the ticket where it should go already: nothing was posted. */
    void commentNotNeeded(String caseId, String eventKey, Instant now) {
        update("UPDATE ticket_comment SET state = 'NOT_NEEDED', posted_at = ? WHERE case_id = ? AND event_key = ?",
                utc(now), caseId, eventKey);
    }

    /** The state of a comment or move: null when never tried, else {@code SENDING}, {@code POSTED} or {@code NOT_NEEDED}. */
    String commentState(String caseId, String eventKey) {
        return own.execute(s -> jdbc.queryForList("SELECT state FROM ticket_comment WHERE case_id = ? AND event_key = ?",
                String.class, caseId, eventKey).stream().findFirst().orElse(null));
    }

    void commentSending(String caseId, String eventKey, Instant now) {
        try {
            own.executeWithoutResult(s -> jdbc.update("""
                    INSERT INTO ticket_comment (case_id, event_key, state, attempted_at) VALUES (?,?,'SENDING',?)""",
                    caseId, eventKey, utc(now)));
        } catch (DuplicateKeyException e) {
            update("UPDATE ticket_comment SET attempted_at = ? WHERE case_id = ? AND event_key = ?", utc(now), caseId,
                    eventKey);
        }
    }

    void commentPosted(String caseId, String eventKey, Instant now) {
        update("UPDATE ticket_comment SET state = 'POSTED', posted_at = ? WHERE case_id = ? AND event_key = ?",
                utc(now), caseId, eventKey);
    }

    /** How many creates are waiting for their outcome, and the newest failure; for health. */
    int uncertainCount() {
        return own.execute(s -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM ticket_link WHERE state IN ('CREATING', 'UNKNOWN')", Integer.class));
    }

    private int update(String sql, Object... args) {
        Integer n = own.execute(s -> jdbc.update(sql, args));
        return n == null ? 0 : n;
    }

    private static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3999) + "…";
    }

    private static TicketLink map(ResultSet rs, int n) throws SQLException {
        Date due = rs.getDate("due_date");
        return new TicketLink(rs.getString("case_id"), rs.getString("fingerprint"), rs.getString("tracker"),
                rs.getString("project"), rs.getString("state"), rs.getString("ticket_id"), rs.getString("ticket_key"),
                rs.getString("ticket_url"), rs.getString("status_name"), rs.getString("status_category"),
                rs.getString("resolution"), rs.getString("assignee"), rs.getString("priority"),
                due == null ? null : due.toLocalDate(), instant(rs.getTimestamp("attempt_started_at")),
                rs.getInt("unknown_checks"), rs.getString("last_error"), instant(rs.getTimestamp("last_event_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
