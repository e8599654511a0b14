package dev.fixline.ticketing;

import java.time.Duration;
import java.util.Optional;

/** The tracker could not be reached or asked to wait (timeout, 5xx, 429): worth trying again later. */
public class TrackerUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public TrackerUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** How long the tracker asked us to wait (Retry-After), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
