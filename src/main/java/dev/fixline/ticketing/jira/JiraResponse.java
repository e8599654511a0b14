package dev.fixline.ticketing.jira;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.springframework.http.HttpHeaders;

/** A response read whole (they are small), so that the status decides what happens before any parsing. */
record JiraResponse(int status, HttpHeaders headers, byte[] body) {

    boolean successful() {
        return status >= 200 && status < 300;
    }

    /** {@code Retry-After} as seconds or as an HTTP date; null when absent or unreadable. */
    Duration retryAfter(Clock clock) {
        String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
        if (value == null || value.isBlank()) {
            return null;
        }
        value = value.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException tooLong) {
                return null;
            }
        }
        try {
            Duration d = Duration.between(clock.instant(),
                    ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }
}
