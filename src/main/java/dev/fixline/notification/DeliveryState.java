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
    /** Was kept while SMTP was off and had grown too old to be mailed once it came. */
    NOT_SENT
}
