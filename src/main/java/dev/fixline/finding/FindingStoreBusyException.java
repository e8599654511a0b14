package dev.fixline.finding;

/**
 * The finding store was held by another sweep for longer than the database waits for its lock (H2's
 * {@code LOCK_TIMEOUT}, PostgreSQL's {@code lock_timeout}). Nothing of this sweep was applied; the same
 * input can be sent again later.
 */
public class FindingStoreBusyException extends RuntimeException {

    public FindingStoreBusyException(Throwable cause) {
        super("another sweep is being applied; nothing of this one was applied, send it again later", cause);
    }
}
