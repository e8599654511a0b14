package dev.fixline.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param busyRetryAfter what a {@code 503} "busy" answer tells the client to wait ({@code Retry-After}, in whole
 *                       seconds, at least one)
 */
@ConfigurationProperties("fixline.api")
public record ApiProperties(@DefaultValue("PT30S") Duration busyRetryAfter) {

    public ApiProperties {
        if (busyRetryAfter.isNegative() || busyRetryAfter.isZero()) {
            throw new IllegalArgumentException("fixline.api.busy-retry-after must be positive: " + busyRetryAfter);
        }
    }

    /** The {@code Retry-After} header value: whole seconds, rounded up. */
    String retryAfterSeconds() {
        long millis = busyRetryAfter.toMillis();
        return String.valueOf(Math.max(1, (millis + 999) / 1000));
    }
}
