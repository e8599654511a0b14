package dev.fixline.ticketing;

/** Turns a tracker's webhook body into the change it reports. */
public interface WebhookReader {

    /** @throws IllegalArgumentException when the body is not a webhook this reader understands */
    TicketChange read(byte[] body);
}
