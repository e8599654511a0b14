package dev.fixline.ingest.arg;

import dev.fixline.finding.FindingStore;
import dev.fixline.finding.Sweep;
import dev.fixline.finding.SweepState;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Tries a FAILED Resource Graph sweep again sooner than the next scheduled one: {@code failed-sweep-retry.first}
 * after it failed, each wait twice the one before up to {@code failed-sweep-retry.max}, and never before a
 * {@code Retry-After} that Resource Graph asked for. Decided from the sweep table, so the nodes of a cluster
 * agree, and the sweep lock lets one of them run it. Once a sweep reads again, the retries stop: the outage
 * ends with one complete sweep, not a backlog of them.
 */
@Component
public class ArgSweepRetry {

    /** How far back a run of failures is counted; beyond it the wait stays at its maximum anyway. */
    static final int STREAK_WINDOW = 50;
    private static final Logger log = LoggerFactory.getLogger(ArgSweepRetry.class);

    private final ArgProperties properties;
    private final ArgSweeper sweeper;
    private final FindingStore store;
    private final Clock clock;

    ArgSweepRetry(ArgProperties properties, ArgSweeper sweeper, FindingStore store, Clock clock) {
        this.properties = properties;
        this.sweeper = sweeper;
        this.store = store;
        this.clock = clock;
    }

    /**
     * A run of failed sweeps, newest last.
     *
     * @param failingSince  when the first of the run started
     * @param failedSweeps  how many failed in a row (at most {@link #STREAK_WINDOW})
     * @param reason        why the newest failed
     * @param nextRetryAt   when the next one is tried
     * @param lastSuccessAt when the last sweep that read finished; null when none did
     */
    public record Outage(Instant failingSince, int failedSweeps, String reason, Instant nextRetryAt,
                         Instant lastSuccessAt) {
    }

    @Scheduled(initialDelayString = "${fixline.arg.failed-sweep-retry.check:PT1M}",
            fixedDelayString = "${fixline.arg.failed-sweep-retry.check:PT1M}")
    void scheduled() {
        try {
            retryIfDue();
        } catch (RuntimeException e) {
            log.warn("Checking for a failed Resource Graph sweep to retry failed: {}", e.toString());
        }
    }

    /** @return true when a retry was started (in the background, as a scheduled sweep is) */
    public boolean retryIfDue() {
        if (!properties.enabled()) {
            return false;
        }
        Optional<Outage> outage = outage();
        if (outage.isEmpty() || clock.instant().isBefore(outage.get().nextRetryAt())) {
            return false;
        }
        boolean started = sweeper.startInBackground("retry after " + outage.get().failedSweeps() + " failed");
        if (started) {
            log.info("Resource Graph sweeps have failed {} times in a row since {}; trying again", outage.get()
                    .failedSweeps(), outage.get().failingSince());
        }
        return started;
    }

    /** The run of failed sweeps the newest sweep belongs to; empty when the newest one read (or there is none). */
    public Optional<Outage> outage() {
        List<Sweep> latest = store.latestSweeps(ArgSweeper.SOURCE, STREAK_WINDOW);
        int failed = 0;
        while (failed < latest.size() && latest.get(failed).state() == SweepState.FAILED) {
            failed++;
        }
        if (failed == 0) {
            return Optional.empty();
        }
        Sweep newest = latest.get(0);
        Instant failedAt = newest.finishedAt() == null ? newest.startedAt() : newest.finishedAt();
        Instant retryAt = failedAt.plus(properties.failedSweepRetry().after(failed));
        Optional<Instant> asked = sweeper.throttledUntil();
        if (asked.isPresent() && asked.get().isAfter(retryAt)) {
            retryAt = asked.get();
        }
        Instant lastSuccess = failed < latest.size() ? latest.get(failed).finishedAt() : null;
        return Optional.of(new Outage(latest.get(failed - 1).startedAt(), failed, newest.message(), retryAt,
                lastSuccess));
    }
}
