package dev.fixline.notification;

/** Delivers notifications; joins the caller's transaction so that a rolled-back step sends nothing new. */
public interface Notifier {

    /** @return false when a notification with the same dedup key was already delivered */
    boolean send(Notification notification);
}
