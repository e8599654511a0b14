package dev.fixline.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The sealed chain, or the stretch of it recorded in a period, read in order for an export. A period's
 * stretch is unbroken: it runs from the first event recorded in the period to the last, so that a copy can
 * be checked link by link; an event sealed inside it but recorded a moment before the period (its
 * transaction was long) comes along rather than leave a hole.
 */
@Service
public class AuditChainExport {

    /** Events read per query while an export is written. */
    static final int BATCH = 1000;

    private final JdbcTemplate jdbc;

    AuditChainExport(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The stretch recorded from {@code from} (included) until {@code until} (excluded); null: no bound. */
    public ChainSlice slice(Instant from, Instant until) {
        long head = ChainHead.read(jdbc).seq();
        Long first = from == null ? Long.valueOf(1) : jdbc.queryForObject(
                "SELECT MIN(seq) FROM audit_event WHERE seq IS NOT NULL AND occurred_at >= ?", Long.class,
                Timestamp.from(from));
        Long last = until == null ? Long.valueOf(head) : jdbc.queryForObject(
                "SELECT MAX(seq) FROM audit_event WHERE seq IS NOT NULL AND occurred_at < ?", Long.class,
                Timestamp.from(until));
        if (first == null || last == null || last < first) {
            return new ChainSlice(1, 0, null); // nothing recorded in the period
        }
        String previous = first <= 1 ? AuditChain.GENESIS : ChainedEvent.hashAt(jdbc, first - 1);
        return new ChainSlice(first, last, previous);
    }

    /** Hands each event of the stretch to {@code each}, in chain order, a batch at a time. */
    public void forEach(ChainSlice slice, Consumer<ExportedEvent> each) {
        long next = slice.firstSeq();
        while (next <= slice.lastSeq()) {
            List<ChainedEvent> batch = jdbc.query("SELECT * FROM audit_event WHERE seq >= ? AND seq <= ? ORDER BY seq",
                    ChainedEvent::of, next, Math.min(slice.lastSeq(), next + BATCH - 1));
            batch.forEach(e -> each.accept(ExportedEvent.of(e)));
            next += BATCH;
        }
    }
}
