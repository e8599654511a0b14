package dev.fixline.notification;

/** When a notification reaches its reader: at once, or in their next daily or weekly digest. */
public enum Delivery {
    NOW,
    DAILY_DIGEST,
    WEEKLY_DIGEST
}
