package dev.fixline.ticketing;

/**
 * What became of one webhook delivery.
 *
 * @param outcome   {@code APPLIED}, {@code DUPLICATE} (delivered before), {@code OWN_CHANGE} (made by Fixline),
 *                  {@code STALE} (older than a change already applied), {@code UNKNOWN_TICKET} (a ticket of no
 *                  case) or {@code IGNORED} (the delivery is about no ticket at all)
 * @param detail    what was done, in words; for {@code IGNORED}, why
 */
public record WebhookReceipt(String outcome, String detail) {
}
