package dev.fixline.notification;

import java.time.Instant;

/** A notification as the outbox keeps it; {@code channel} is {@code outbox} or {@code smtp}. */
public record SentNotification(long id, String kind, String caseId, String recipient, String subject, String body,
                               String channel, Instant createdAt, Instant sentAt) {
}
