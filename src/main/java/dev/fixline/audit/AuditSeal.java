package dev.fixline.audit;

import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Appends events to the chain: under the lock of the chain's head row, each event in turn gets the next place
 * (seq), the hash before it and its own hash. Taken at commit, as the last lock of its transaction, so that it
 * waits for no other lock while it holds this one, and several nodes keep one chain.
 */
@Component
class AuditSeal {

    private final JdbcTemplate jdbc;

    AuditSeal(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Seals these events (those not sealed yet), oldest first; in the caller's transaction. */
    void seal(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        ChainHead head = ChainHead.lock(jdbc);
        long seq = head.seq();
        String previous = head.hash();
        // A sweep's transaction may record tens of thousands of events: read them a thousand ids at a time
        // (a statement takes at most 65,535 parameters on PostgreSQL), then seal them oldest first.
        List<ChainedEvent> events = new java.util.ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += 1000) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
            events.addAll(jdbc.query("SELECT * FROM audit_event WHERE hash IS NULL AND id IN ("
                    + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")", ChainedEvent::of,
                    chunk.toArray()));
        }
        events.sort(java.util.Comparator.comparingLong(ChainedEvent::id));
        List<Object[]> seals = new java.util.ArrayList<>(events.size());
        for (ChainedEvent e : events) {
            seq++;
            String hash = AuditChain.hash(previous, e.canonical(seq));
            seals.add(new Object[] {seq, previous, hash, e.id()});
            previous = hash;
        }
        // one round trip for the transaction's events: the head's lock is held that much shorter
        jdbc.batchUpdate("UPDATE audit_event SET seq = ?, prev_hash = ?, hash = ? WHERE id = ? AND hash IS NULL", seals);
        head.moveTo(jdbc, seq, previous);
    }
}
