package dev.fixline.audit;

import java.util.Collections;
import java.util.List;
import java.util.Map;
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
        Map<String, Object> head = jdbc.queryForMap("SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE");
        long seq = ((Number) head.get("seq")).longValue();
        String previous = (String) head.get("hash");
        List<ChainedEvent> events = jdbc.query("SELECT * FROM audit_event WHERE hash IS NULL AND id IN ("
                + String.join(",", Collections.nCopies(ids.size(), "?")) + ") ORDER BY id", ChainedEvent::of,
                ids.toArray());
        List<Object[]> seals = new java.util.ArrayList<>(events.size());
        for (ChainedEvent e : events) {
            seq++;
            String hash = AuditChain.hash(previous, e.canonical(seq));
            seals.add(new Object[] {seq, previous, hash, e.id()});
            previous = hash;
        }
        // one round trip for the transaction's events: the head's lock is held that much shorter
        jdbc.batchUpdate("UPDATE audit_event SET seq = ?, prev_hash = ?, hash = ? WHERE id = ? AND hash IS NULL", seals);
        jdbc.update("UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1", seq, previous);
    }
}
