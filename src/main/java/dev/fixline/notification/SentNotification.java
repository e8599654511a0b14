package dev.fixline.notification;

import java.time.Instant;

/**
 * A notification as the outbox keeps it.
 *
 * @param person    the Fixline user it is for (null for notifications recorded before people were kept)
 * @param attempts  sends that failed; with {@code lastError} and {@code lastAttemptAt} the last failure
 * @param digestKey the digest that carried it, for one delivered in a digest
 * @param channel   how it was kept: {@code smtp}, {@code outbox}, {@code digest}, {@code failed} or {@code expired}
 */
public record SentNotification(long id, String kind, String caseId, String team, String person, String recipient,
                               String subject, String body, Delivery delivery, DeliveryState state, String channel,
                               int attempts, String lastError, Instant lastAttemptAt, String digestKey,
                               String caseUrl, String ticketUrl, Instant createdAt, Instant sentAt) {
}
