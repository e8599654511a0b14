package dev.fixline.ingest.arg;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A cluster-wide lock per sweep scope (a seeded row of {@code sweep_lock}), so that sweeps of one
 * scope never overlap, whichever node starts them. Every change commits at once, in a transaction of
 * its own, whatever transaction the caller is in (an engine job, say). The holder refreshes it as it
 * works; one that has not for {@code staleAfter} is presumed dead.
 */
final class SweepLock {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final Duration staleAfter;

    SweepLock(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock, Duration staleAfter) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.staleAfter = staleAfter;
    }

    boolean tryAcquire(String scope, String holder) {
        Instant now = clock.instant();
        return Boolean.TRUE.equals(ownTransaction.execute(s -> jdbc.update("""
                UPDATE sweep_lock SET holder = ?, acquired_at = ?
                WHERE scope = ? AND (holder IS NULL OR acquired_at < ?)""", holder, now.atOffset(ZoneOffset.UTC),
                scope, now.minus(staleAfter).atOffset(ZoneOffset.UTC)) == 1));
    }

    /** Tells the others the holder is still at work. */
    void refresh(String scope, String holder) {
        ownTransaction.executeWithoutResult(s -> jdbc.update(
                "UPDATE sweep_lock SET acquired_at = ? WHERE scope = ? AND holder = ?",
                clock.instant().atOffset(ZoneOffset.UTC), scope, holder));
    }

    void release(String scope, String holder) {
        ownTransaction.executeWithoutResult(s -> jdbc.update(
                "UPDATE sweep_lock SET holder = NULL, acquired_at = NULL WHERE scope = ? AND holder = ?",
                scope, holder));
    }
}
