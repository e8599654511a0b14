package dev.fixline.notification;

/** Delivers notifications; joins the caller's transaction so that a rolled-back step sends nothing new. */
public interface Notifier {

    /** @return false when a notification with the same dedup key was already delivered */
    default boolean send(Notification notification) {
        return send(notification, () -> { });
    }

    /**
     * Delivers the notification and runs {@code recordAlongside} (an audit entry, say) in the transaction that
     * records the delivery, so that what the caller records about it is kept exactly when the notification is,
     * even if the caller's own transaction never commits (a crash right after a mail went out).
     *
     * @return false when a notification with the same dedup key was already delivered ({@code recordAlongside}
     *         runs only when the notification is first handed over, so not then, nor when a mail whose delivery
     *         a crash left unconfirmed is sent again)
     */
    boolean send(Notification notification, Runnable recordAlongside);

    /**
     * Says that a notification whose send failed will not be tried again (its step decided it is moot, as a
     * reminder retried after the due date is): listed as {@code NOT_SENT} with the reason instead of
     * {@code RETRYING}. Nothing happens to a notification that was sent, or never tried.
     */
    default void abandon(String dedupKey, String why) {
    }

    /** How a notification asking for {@code asked} is delivered: at once when digests are off. */
    default Delivery effective(Delivery asked) {
        return asked;
    }
}
