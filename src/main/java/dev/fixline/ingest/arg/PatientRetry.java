package dev.fixline.ingest.arg;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RequestRetryCondition;
import com.azure.core.http.policy.RetryStrategy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Azure's exponential backoff (which waits out a {@code Retry-After} itself), except for a throttled answer
 * that asks to wait longer than {@code max-retry-after-wait}: that one is not waited out inside the sweep,
 * holding its lock and a thread for an hour, but ends the sweep as FAILED; {@link ArgSweepRetry} tries again
 * once the wait is over.
 */
final class PatientRetry implements RetryStrategy {

    private static final HttpHeaderName RETRY_AFTER_MS = HttpHeaderName.fromString("retry-after-ms");
    private static final HttpHeaderName X_MS_RETRY_AFTER_MS = HttpHeaderName.fromString("x-ms-retry-after-ms");

    private final ExponentialBackoff backoff;
    private final Duration maxWait;

    PatientRetry(ExponentialBackoffOptions options, Duration maxWait) {
        this.backoff = new ExponentialBackoff(options);
        this.maxWait = maxWait;
    }

    @Override
    public int getMaxRetries() {
        return backoff.getMaxRetries();
    }

    @Override
    public Duration calculateRetryDelay(int retryAttempts) {
        return backoff.calculateRetryDelay(retryAttempts);
    }

    @Override
    public boolean shouldRetry(HttpResponse response) {
        Duration asked = retryAfter(response.getHeaders());
        return backoff.shouldRetry(response) && (asked == null || asked.compareTo(maxWait) <= 0);
    }

    @Override
    public boolean shouldRetryException(Throwable throwable) {
        return backoff.shouldRetryException(throwable);
    }

    @Override
    public boolean shouldRetryCondition(RequestRetryCondition condition) {
        return condition.getResponse() != null ? shouldRetry(condition.getResponse())
                : shouldRetryException(condition.getThrowable());
    }

    /** The wait the server asked for (milliseconds headers first, then {@code Retry-After}); null when none. */
    static Duration retryAfter(HttpHeaders headers) {
        for (HttpHeaderName millis : new HttpHeaderName[] {RETRY_AFTER_MS, X_MS_RETRY_AFTER_MS}) {
            String value = headers.getValue(millis);
            if (value != null) {
                try {
                    return Duration.ofMillis(Long.parseLong(value.trim()));
                } catch (NumberFormatException e) {
                    // try the next header
                }
            }
        }
        String value = headers.getValue(HttpHeaderName.RETRY_AFTER);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration wait = Duration.between(Instant.now(), ZonedDateTime.parse(value.trim(),
                        DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
