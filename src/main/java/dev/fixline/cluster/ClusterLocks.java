package dev.fixline.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fixline's cluster-wide locks: one seeded row of {@code sweep_lock} per {@link LockScope}, whichever
 * node asks. Two ways to hold one:
 * <ul>
 *   <li>{@link #holdUntilCommit} for work done in one transaction (a sweep's diff, a start-up check):
 *       the row lock is the lock, released when the transaction ends, also when the node dies.</li>
 *   <li>a lease ({@link #tryLease}, {@link #renew}, {@link #release}) for work that spans many
 *       transactions (a Resource Graph sweep, a reconciliation run): the row names its holder; one that
 *       has not renewed it within its stale time is presumed dead. Every lease change commits at once,
 *       whatever transaction the caller is in.</li>
 * </ul>
 */
@Component
public class ClusterLocks {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    public ClusterLocks(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /**
     * Waits for the scope, then holds it until the caller's transaction ends. H2 waits up to its
     * {@code LOCK_TIMEOUT}, PostgreSQL up to its {@code lock_timeout}; past that the database's error
     * comes through (see {@link #timedOut}).
     */
    public void holdUntilCommit(LockScope scope) {
        jdbc.queryForList("SELECT scope FROM sweep_lock WHERE scope = ? FOR UPDATE", scope.id());
    }

    /** Takes the lease when it is free, already this holder's, or stale; false when another holds it. */
    public boolean tryLease(LockScope scope, String holder, Duration staleAfter) {
        Instant now = clock.instant();
        return Boolean.TRUE.equals(ownTransaction.execute(s -> jdbc.update("""
                UPDATE sweep_lock SET holder = ?, acquired_at = ?
                WHERE scope = ? AND (holder IS NULL OR holder = ? OR acquired_at < ?)""", holder, utc(now),
                scope.id(), holder, utc(now.minus(staleAfter))) == 1));
    }

    /** Tells the others the holder is still at work. */
    public void renew(LockScope scope, String holder) {
        ownTransaction.executeWithoutResult(s -> jdbc.update(
                "UPDATE sweep_lock SET acquired_at = ? WHERE scope = ? AND holder = ?",
                utc(clock.instant()), scope.id(), holder));
    }

    public void release(LockScope scope, String holder) {
        ownTransaction.executeWithoutResult(s -> jdbc.update(
                "UPDATE sweep_lock SET holder = NULL, acquired_at = NULL WHERE scope = ? AND holder = ?",
                scope.id(), holder));
    }

    private static Object utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
