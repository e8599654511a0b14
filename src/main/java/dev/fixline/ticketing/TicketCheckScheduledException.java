package dev.fixline.ticketing;

import java.time.Duration;

/**
 * Fixline itself chose when to look at an uncertain create again (a create still being sent, or a search
 * that found nothing yet): the step is retried at that moment, not at the step's usual retry cycle, so a
 * ticket whose creator died is found within {@code create-timeout} and {@code unknown-recheck-delay}.
 */
public class TicketCheckScheduledException extends TrackerUnavailableException {

    public TicketCheckScheduledException(String message, Duration lookAgainIn) {
        super(message, lookAgainIn, null);
    }
}
