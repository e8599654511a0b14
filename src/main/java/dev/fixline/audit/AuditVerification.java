package dev.fixline.audit;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks the chain: each event's hash recomputed from its content and the hash before it, each place taken
 * once and in order, and the end where the head row says. Names the first event that is not as it was sealed.
 */
@Service
public class AuditVerification {

    private final JdbcTemplate jdbc;

    AuditVerification(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The places {@code from} to {@code to} (both included; null: the chain's start, its end). */
    @Transactional(readOnly = true)
    public ChainReport verify(Long from, Long to) {
        ChainHead head = ChainHead.read(jdbc);
        long headSeq = head.seq();
        String headHash = head.hash();
        long unsealed = jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE hash IS NULL", Long.class);
        long first = from == null ? 1 : Math.max(1, from);
        long last = to == null ? headSeq : Math.min(to, headSeq);
        Walk walk = new Walk(first, first == 1 ? AuditChain.GENESIS : ChainedEvent.hashAt(jdbc, first - 1));
        // A batch of places at a time: PostgreSQL's driver would otherwise hold the whole chain in memory.
        for (long next = first; next <= last && walk.problem == null; next += AuditChainExport.BATCH) {
            jdbc.query("SELECT * FROM audit_event WHERE seq >= ? AND seq <= ? ORDER BY seq",
                    (RowCallbackHandler) rs -> walk.next(ChainedEvent.of(rs, 0)), next,
                    Math.min(last, next + AuditChainExport.BATCH - 1));
        }
        if (walk.problem == null && walk.expected <= last) {
            walk.broken(walk.expected, null, "event " + walk.expected + (walk.expected == last ? "" : " to " + last)
                    + " of the chain is missing: deleted, or the chain's end was cut off");
        }
        if (walk.problem == null && to == null && !headHash.equals(walk.previous)) {
            walk.broken(headSeq, null, "the chain's head names hash " + headHash + " for its end, the events end on "
                    + walk.previous);
        }
        if (walk.problem == null) {
            // Every event Fixline writes joins the chain in its own transaction: one outside it after the chain
            // began was written by someone else (an INSERT by hand is not refused by the guard).
            Long stray = jdbc.queryForObject("SELECT MIN(id) FROM audit_event WHERE hash IS NULL AND id > "
                    + "(SELECT MIN(id) FROM audit_event WHERE hash IS NOT NULL)", Long.class);
            if (stray != null) {
                walk.broken(null, stray, "row " + stray + " (and maybe more) was written after the chain began "
                        + "without joining it: an event inserted outside Fixline");
            }
        }
        return new ChainReport(walk.problem == null, walk.checked, walk.brokenAt, walk.eventId, walk.problem, headSeq,
                headHash, unsealed);
    }

    /** The check as it walks the chain, place after place; it stops at the first broken one. */
    private static final class Walk {
        long expected;
        String previous;
        long checked;
        Long brokenAt;
        Long eventId;
        String problem;

        Walk(long first, String previous) {
            this.expected = first;
            this.previous = previous;
        }

        void next(ChainedEvent e) {
            if (problem != null) {
                return;
            }
            checked++;
            if (previous == null) {
                broken(expected - 1, null, "event " + (expected - 1) + ", before the range, is missing");
            } else if (e.seq() != expected) {
                broken(expected, null, "event " + expected + " of the chain is missing: deleted, or its place changed");
            } else if (!previous.equals(e.prevHash())) {
                broken(e.seq(), e.id(), "event " + e.seq() + " does not follow event " + (e.seq() - 1)
                        + ": its previous hash is " + e.prevHash() + ", event " + (e.seq() - 1) + "'s is " + previous
                        + " (events swapped or replaced)");
            } else if (!AuditChain.hash(previous, e.canonical(e.seq())).equals(e.hash())) {
                broken(e.seq(), e.id(), "event " + e.seq() + " (row " + e.id() + ") is not as it was sealed: its "
                        + "content no longer gives its hash (changed after it was written)");
            } else {
                previous = e.hash();
                expected++;
            }
        }

        void broken(Long at, Long id, String what) {
            brokenAt = at;
            eventId = id;
            problem = what;
        }
    }
}
