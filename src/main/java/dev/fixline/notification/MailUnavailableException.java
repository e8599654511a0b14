package dev.fixline.notification;

/**
 * The SMTP server could not take the mail now: it could not be reached, did not answer in time, refused
 * Fixline's credentials, or answered with a temporary (4xx) reply. Worth trying again later; nothing was sent.
 */
public class MailUnavailableException extends RuntimeException {

    public MailUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
