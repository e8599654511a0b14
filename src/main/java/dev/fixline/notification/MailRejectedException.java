package dev.fixline.notification;

/**
 * The SMTP server refused this mail for good (a 5xx reply, an address it does not accept) or the mail could
 * not be written: sending it again cannot help until someone fixes the cause.
 */
public class MailRejectedException extends RuntimeException {

    public MailRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
