package dev.fixline.audit;

import dev.fixline.limits.ControlCharacters;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The governance log: append-only (no update or delete is offered), read as a case's timeline.
 * Entries join the caller's transaction, so an event is recorded exactly when its change commits.
 */
@Service
public class AuditLog {

    public static final String SYSTEM = "fixline";
    /** The actor of what a scanner's sweep brought: Defender for Cloud, through Resource Graph or an export. */
    public static final String SCANNER = "scanner";
    private static final com.fasterxml.jackson.databind.ObjectMapper EVIDENCE = new com.fasterxml.jackson.databind
            .ObjectMapper();

    private final JdbcTemplate jdbc;
    private final AuditSeal seal;
    private final TransactionTemplate transactions;
    private final Clock clock;

    AuditLog(JdbcTemplate jdbc, AuditSeal seal, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.seal = seal;
        this.transactions = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** The column keeps this much; a summary quoting a long reason is cut, the reason is kept in the process. */
    static final int MAX_SUMMARY = 1000;
    /** An {@link AuditEvent}'s columns, without the chain's (seq and hashes), which a reader of events needs not. */
    private static final String EVENT_COLUMNS = "id, occurred_at, case_id, finding_id, event_type, actor, summary, evidence";

    /**
     * Evidence as one JSON object of the given names and values, in that order (times as ISO-8601 instants,
     * absent values left out), for a reader that computes from the log, such as the SLA as of a past day.
     */
    public static String evidence(Object... namesAndValues) {
        var node = EVIDENCE.createObjectNode();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            if (value instanceof Number n) {
                node.put((String) namesAndValues[i], n.longValue());
            } else if (value != null) {
                node.put((String) namesAndValues[i], value.toString());
            }
        }
        return node.toString();
    }

    /** @param evidence JSON, or null */
    public void record(String caseId, String findingId, AuditEventType type, String actor, String summary,
                       String evidence) {
        String text = ControlCharacters.text(summary);
        if (text.length() > MAX_SUMMARY) {
            text = text.substring(0, MAX_SUMMARY - 1) + "…";
        }
        summary = text;
        // Microseconds: what PostgreSQL keeps, so that the event read back hashes as it was written.
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String written = summary;
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            // Outside a transaction the insert and its seal commit together: no committed event is ever outside
            // the chain, so one found there was written by someone else.
            transactions.executeWithoutResult(status -> seal.seal(List.of(insert(at, caseId, findingId, type, actor,
                    written, evidence))));
            return;
        }
        pendingSeal().add(insert(at, caseId, findingId, type, actor, written, evidence));
    }

    private long insert(Instant at, String caseId, String findingId, AuditEventType type, String actor,
                        String summary, String evidence) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO audit_event (occurred_at, case_id, finding_id, event_type, actor, summary, evidence)
                    VALUES (?,?,?,?,?,?,?)""", new String[] {"id"});
            insert.setObject(1, at.atOffset(ZoneOffset.UTC));
            insert.setString(2, caseId);
            insert.setString(3, findingId);
            insert.setString(4, type.name());
            insert.setString(5, actor);
            insert.setString(6, summary);
            insert.setString(7, evidence);
            return insert;
        }, key);
        return key.getKey().longValue();
    }

    /**
     * The events this transaction recorded, sealed into the chain as it commits (and not at all if it rolls
     * back): the chain's lock is then held only while committing. The list lives in the transaction's own
     * synchronization, which a nested REQUIRES_NEW transaction suspends: the inner transaction seals its own
     * events when it commits, never leaving them to the outer one.
     */
    private List<Long> pendingSeal() {
        for (TransactionSynchronization registered : TransactionSynchronizationManager.getSynchronizations()) {
            if (registered instanceof SealAtCommit pending) {
                return pending.ids;
            }
        }
        SealAtCommit pending = new SealAtCommit();
        TransactionSynchronizationManager.registerSynchronization(pending);
        return pending.ids;
    }

    /** Seals a transaction's events before it commits, in it. */
    private final class SealAtCommit implements TransactionSynchronization {
        final List<Long> ids = new ArrayList<>();

        @Override
        public void beforeCommit(boolean readOnly) {
            seal.seal(ids);
        }
    }

    /**
     * Every event of a case of these kinds recorded until {@code until} (included), handed over one at a time, in
     * no particular order: for a reader that replays the history (the SLA as of a past day) and orders by
     * {@link AuditEvent#id()} itself. Unordered, PostgreSQL streams the rows as it reads them instead of sorting
     * the whole log first (on disk, past {@code work_mem}: a third of the time at 20,000 cases, docs/benchmarks.md).
     *
     * @param caseId only this case's events (read through the case index); null: every case's
     */
    public void replay(Collection<AuditEventType> types, Instant until, String caseId,
                       java.util.function.Consumer<AuditEvent> each) {
        List<Object> args = new ArrayList<>();
        types.forEach(t -> args.add(t.name()));
        args.add(until.atOffset(ZoneOffset.UTC));
        String whichCases = "case_id IS NOT NULL";
        if (caseId != null) {
            whichCases = "case_id = ?";
            args.add(0, caseId);
        }
        String sql = "SELECT " + EVENT_COLUMNS + " FROM audit_event WHERE " + whichCases + " AND event_type IN ("
                + String.join(",", Collections.nCopies(types.size(), "?")) + ") AND occurred_at <= ?";
        transactions.executeWithoutResult(status -> { // PostgreSQL streams rows only inside a transaction
            JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
            streaming.setFetchSize(1000);
            streaming.query(sql, (ResultSet rs) -> {
                each.accept(event(rs, 0));
            }, args.toArray());
        });
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
