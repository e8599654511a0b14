package dev.fixline.finding;

import java.sql.SQLException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;

/**
 * Recognises a lock wait the database gave up on. Spring translates it differently per driver: H2 2.x
 * raises error 50200 (SQLState {@code HYT00}, a {@code QueryTimeoutException}); PostgreSQL's
 * {@code lock_timeout} raises SQLState {@code 55P03}, which Spring leaves uncategorised.
 */
final class LockWait {

    static final int H2_LOCK_TIMEOUT = 50200;
    static final String POSTGRES_LOCK_NOT_AVAILABLE = "55P03";

    private LockWait() {
    }

    static boolean timedOut(Throwable e) {
        if (e instanceof PessimisticLockingFailureException || e instanceof QueryTimeoutException) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() == H2_LOCK_TIMEOUT
                    || POSTGRES_LOCK_NOT_AVAILABLE.equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
