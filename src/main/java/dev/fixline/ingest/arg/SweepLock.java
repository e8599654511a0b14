package dev.fixline.ingest.arg;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A cluster-wide lock per sweep scope, so that sweeps of one scope never overlap, whichever node
 * starts them. A holder that died is presumed gone after {@code staleAfter}.
 */
final class SweepLock {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration staleAfter;

    SweepLock(JdbcTemplate jdbc, Clock clock, Duration staleAfter) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.staleAfter = staleAfter;
    }

    boolean tryAcquire(String scope, String holder) {
        Instant now = clock.instant();
        if (claim(scope, holder, now)) {
            return true;
        }
        try {
            jdbc.update("INSERT INTO sweep_lock (scope) VALUES (?)", scope);
        } catch (DuplicateKeyException alreadyThere) {
            // another node created it first; fine
        }
        return claim(scope, holder, now);
    }

    void release(String scope, String holder) {
        jdbc.update("UPDATE sweep_lock SET holder = NULL, acquired_at = NULL WHERE scope = ? AND holder = ?",
                scope, holder);
    }

    private boolean claim(String scope, String holder, Instant now) {
        return jdbc.update("""
                UPDATE sweep_lock SET holder = ?, acquired_at = ?
                WHERE scope = ? AND (holder IS NULL OR acquired_at < ?)""", holder, now.atOffset(ZoneOffset.UTC),
                scope, now.minus(staleAfter).atOffset(ZoneOffset.UTC)) == 1;
    }
}
