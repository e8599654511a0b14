package dev.fixline.ticketing;

/**
 * What became of one webhook delivery.
 *
 * @param outcome   {@code APPLIED}, {@code DUPLICATE} (delivered before), {@code OWN_CHANGE} (made by Fixline),
 *                  {@code STALE} (older than a change already applied) or {@code UNKNOWN_TICKET}
 * @param detail    what was done, in words
 */
public record WebhookReceipt(String outcome, String detail) {
}
