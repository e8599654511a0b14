package dev.fixline.ticketing;

/** Turns a tracker's webhook body into what it reports. */
public interface WebhookReader {

    /**
     * @return the ticket change, or {@link WebhookReport.NoTicket} with the reason when the body concerns no ticket
     * @throws IllegalArgumentException when the body is empty or not JSON
     */
    WebhookReport read(byte[] body);
}
