package dev.fixline.notification;

/**
 * A message to one person.
 *
 * @param dedupKey the same key is delivered once, however often it is sent (retries, restarts)
 */
public record Notification(String dedupKey, String kind, String caseId, String recipient, String subject,
                           String body) {
}
