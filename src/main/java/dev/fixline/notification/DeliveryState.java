package dev.fixline.notification;

/** Where a notification is on its way to its reader, as {@code GET /api/notifications} shows it. */
public enum DeliveryState {
    /** The SMTP server accepted it. */
    SENT,
    /** Handed to the SMTP server, its acceptance not recorded yet; sent again (same Message-ID) if it never is. */
    SENDING,
    /** A send failed ({@code lastError}); it is retried, and a step that keeps failing becomes an incident. */
    RETRYING,
    /** Kept in the outbox because SMTP is not configured; mailed once it is (if not older than the backlog's max age). */
    KEPT,
    /** Waits for its reader's next digest. */
    AWAITING_DIGEST,
    /** Went out in the digest named by {@code digestKey}. */
    IN_DIGEST,
    /**
     * Not mailed, for the reason in {@code lastError}: kept while SMTP was off and too old once it came, or a send
     * that failed and whose step then found it moot (a reminder retried after the due date).
     */
    NOT_SENT
}
