package dev.fixline.notification;

import java.time.Instant;

/**
 * What this node saw of the SMTP server the last times it used or checked it.
 *
 * @param server         {@code host:port}; null when SMTP is off (no {@code spring.mail.host})
 * @param lastSuccessAt  the last mail sent or check answered; null while none has been
 * @param failingSince   the first failure since the last success; null while the server answers
 * @param lastFailure    why the last attempt failed; null while the server answers
 * @param failedAttempts sends and checks that failed since the last success
 */
public record MailStatus(String server, Instant lastSuccessAt, Instant failingSince, String lastFailure,
                         int failedAttempts) {

    public boolean configured() {
        return server != null;
    }

    public boolean failing() {
        return failingSince != null;
    }
}
