package dev.fixline.ingest.arg;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Keeps Fixline inside Resource Graph's per-user quota. Every response says how many queries remain
 * ({@code x-ms-user-quota-remaining}) and when the window resets ({@code x-ms-user-quota-resets-after},
 * {@code hh:mm:ss}); when the remainder falls to the reserve, the next request waits for the reset
 * instead of being throttled. It sits after the retry policy, so a retried 429 waits here too.
 */
final class QuotaPolicy implements HttpPipelinePolicy {

    static final String REMAINING = "x-ms-user-quota-remaining";
    static final String RESETS_AFTER = "x-ms-user-quota-resets-after";
    /** Resource Graph's windows are seconds long; a longer announced wait is capped, not slept through. */
    static final Duration MAX_WAIT = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(QuotaPolicy.class);

    private final int reserve;
    private final Clock clock;
    private final AtomicLong waitedMillis = new AtomicLong();
    private volatile Instant notBefore = Instant.MIN;

    QuotaPolicy(int reserve, Clock clock) {
        this.reserve = reserve;
        this.clock = clock;
    }

    /** All the time spent waiting for the quota so far. */
    Duration waited() {
        return Duration.ofMillis(waitedMillis.get());
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        waitForQuota();
        HttpResponse response = next.processSync();
        observe(response);
        return response;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return Mono.defer(() -> {
            waitForQuota();
            return next.process();
        }).doOnNext(this::observe);
    }

    private void waitForQuota() {
        Duration wait = Duration.between(clock.instant(), notBefore);
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        log.info("Resource Graph quota nearly used up: waiting {} ms for it to reset", wait.toMillis());
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Resource Graph quota", e);
        }
        waitedMillis.addAndGet(wait.toMillis());
    }

    private void observe(HttpResponse response) {
        String remaining = response.getHeaderValue(REMAINING);
        if (remaining == null) {
            return;
        }
        try {
            if (Integer.parseInt(remaining.trim()) <= reserve) {
                notBefore = clock.instant().plus(resetsAfter(response.getHeaderValue(RESETS_AFTER)));
            }
        } catch (NumberFormatException e) {
            log.debug("Unreadable quota header {}: {}", REMAINING, remaining);
        }
    }

    /**
     * {@code hh:mm:ss} as Resource Graph writes it, at most {@link #MAX_WAIT}; 5 s when absent or
     * unreadable (its usual window).
     */
    static Duration resetsAfter(String value) {
        if (value != null) {
            String[] parts = value.trim().split(":");
            if (parts.length == 3) {
                try {
                    Duration wait = Duration.ofHours(Long.parseLong(parts[0])).plusMinutes(Long.parseLong(parts[1]))
                            .plusMillis(Math.round(Double.parseDouble(parts[2]) * 1000));
                    return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
                } catch (NumberFormatException e) {
                    // fall through to the default
                }
            }
        }
        return Duration.ofSeconds(5);
    }
}
