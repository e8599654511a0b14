package dev.fixline.sla;

import dev.fixline.limits.AsciiCase;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * CISA's Known Exploited Vulnerabilities catalog, loaded from {@code fixline.sla.kev.source} (a file or an
 * http(s) URL) and loaded again every {@code fixline.sla.kev.refresh}.
 *
 * <ul>
 *   <li>Without a source it stays empty and never touches the network.</li>
 *   <li>A failed load keeps the catalog it had (logged at WARN with the reason) and is tried again
 *       {@link #FIRST_RETRY} later, each wait twice the one before, up to {@link #RETRY_AFTER_FAILURE} or
 *       the refresh interval, whichever is shorter, rather than a day later; never before the server's
 *       {@code Retry-After}. A long outage thus costs at most one request an hour.</li>
 *   <li>The first lookup loads the catalog if the schedule has not yet, so the first cases after a
 *       start-up already see it. That lookup waits for the load (with a URL, at most the connect and
 *       request timeouts, 10 s and 60 s); later lookups never wait.</li>
 * </ul>
 */
@Service
public class KevCatalog {

    static final Duration FIRST_RETRY = Duration.ofMinutes(5);
    static final Duration RETRY_AFTER_FAILURE = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(KevCatalog.class);

    /** What one successful load produced; swapped whole, so readers never see half a refresh. */
    private record Snapshot(Map<String, KevEntry> entries, Instant loadedAt, String version, Instant released,
                            int skipped) {
        static final Snapshot EMPTY = new Snapshot(Map.of(), null, null, null, 0);
    }

    private final KevSource source;
    private final Duration refresh;
    private final Clock clock;
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private volatile String lastFailure;
    private volatile Instant failingSince;
    private volatile int failedAttempts;
    private volatile Instant nextAttempt; // written under the lock; null until the first attempt

    private ApplicationEventPublisher events = event -> { };

    @Autowired
    KevCatalog(SlaProperties properties, Clock clock, ApplicationEventPublisher events) {
        this(properties.kev(), clock);
        this.events = events;
    }

    KevCatalog(KevProperties properties, Clock clock) {
        this.source = properties.source() == null ? null : KevSource.of(properties.source());
        this.refresh = properties.refresh();
        this.clock = clock;
    }

    /** A catalog without a source: always empty. */
    public static KevCatalog empty() {
        return new KevCatalog(KevProperties.NONE, Clock.systemUTC());
    }

    /** The catalog's entry for a CVE (any case); empty when it is not listed. */
    public Optional<KevEntry> entry(String cveId) {
        if (cveId == null || cveId.isBlank()) {
            return Optional.empty();
        }
        loadIfNeverTried();
        return Optional.ofNullable(snapshot.entries().get(AsciiCase.upper(cveId.trim())));
    }

    public boolean listed(String cveId) {
        return entry(cveId).isPresent();
    }

    /** The number of CVEs in the catalog now. */
    public int size() {
        loadIfNeverTried();
        return snapshot.entries().size();
    }

    /** When the catalog in use was loaded; null while none has been. */
    public Instant loadedAt() {
        return snapshot.loadedAt();
    }

    /** The catalog's own version (e.g. {@code 2025.02.25}), if it gave one. */
    public Optional<String> version() {
        return Optional.ofNullable(snapshot.version());
    }

    /**
     * The catalog in use as it stands, for the health component. Unlike the lookups, it never loads: a health
     * check must not wait for CISA.
     */
    KevStatus status() {
        Snapshot s = snapshot;
        return new KevStatus(source == null ? null : source.describe(), s.version(), s.released(),
                s.entries().size(), s.skipped(), s.loadedAt(), lastFailure, failingSince, failedAttempts, nextAttempt);
    }

    /** Why the last load failed; empty after a successful one. */
    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /**
     * Loads the catalog now. On failure the previous catalog stays in use.
     *
     * @return whether a catalog was loaded; false also when no source is configured
     */
    public synchronized boolean refresh() {
        if (source == null) {
            return false;
        }
        Instant now = clock.instant();
        try {
            KevJson.Parsed parsed = KevJson.parse(source.read());
            Snapshot before = snapshot;
            snapshot = new Snapshot(parsed.entries(), now, parsed.version(), parsed.released(), parsed.skipped());
            if (before.loadedAt() != null) {
                // Only what a refresh adds: the first load of a node cannot tell new listings from old.
                Set<String> added = new HashSet<>(parsed.entries().keySet());
                added.removeAll(before.entries().keySet());
                if (!added.isEmpty()) {
                    log.info("KEV catalog lists {} new CVEs: {}", added.size(), added);
                    events.publishEvent(new KevListingsAdded(Set.copyOf(added)));
                }
            }
            lastFailure = null;
            failingSince = null;
            failedAttempts = 0;
            nextAttempt = now.plus(refresh);
            log.info("KEV catalog {}loaded from {}: {} CVEs{}", parsed.version() == null ? "" : parsed.version() + " ",
                    source.describe(), parsed.entries().size(),
                    parsed.skipped() == 0 ? "" : " (" + parsed.skipped() + " unreadable entries skipped)");
            return true;
        } catch (KevSource.Unavailable e) {
            fail(now, reason(e), e.retryAfter());
        } catch (IOException | RuntimeException e) {
            fail(now, reason(e), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(now, "interrupted", null);
        }
        return false;
    }

    /** One line: Jackson's messages go on to a second line with the parser's location. */
    private static String reason(Exception e) {
        if (e instanceof JsonProcessingException json) {
            return "invalid JSON: " + json.getOriginalMessage()
                    + (json.getLocation() == null ? "" : " (line " + json.getLocation().getLineNr() + ", column "
                    + json.getLocation().getColumnNr() + ")");
        }
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    private void fail(Instant now, String reason, Duration retryAfter) {
        lastFailure = reason;
        failingSince = failingSince == null ? now : failingSince;
        failedAttempts++;
        Duration wait = retryWait(failedAttempts, refresh);
        nextAttempt = now.plus(retryAfter != null && retryAfter.compareTo(wait) > 0 ? retryAfter : wait);
        Snapshot kept = snapshot;
        log.warn("Loading the KEV catalog from {} failed, {}; trying again at {}: {}", source.describe(),
                kept.loadedAt() == null ? "no catalog yet" : "keeping the " + kept.entries().size()
                        + " CVEs loaded at " + kept.loadedAt(), nextAttempt, reason);
    }

    /** {@link #FIRST_RETRY} after the first failure, doubling, at most an hour and at most the refresh interval. */
    static Duration retryWait(int failures, Duration refresh) {
        Duration cap = refresh.compareTo(RETRY_AFTER_FAILURE) < 0 ? refresh : RETRY_AFTER_FAILURE;
        Duration wait = FIRST_RETRY;
        for (int i = 1; i < failures && wait.compareTo(cap) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(cap) > 0 ? cap : wait;
    }

    /**
     * Checks every minute whether a load is due. A fixed one-minute tick (rather than a delay of
     * {@code refresh}) lets a failed load be retried sooner than the refresh interval.
     */
    @Scheduled(initialDelay = 0, fixedDelayString = "PT1M")
    public void refreshIfDue() {
        if (source == null) {
            return;
        }
        synchronized (this) {
            if (nextAttempt != null && clock.instant().isBefore(nextAttempt)) {
                return;
            }
            refresh();
        }
    }

    private void loadIfNeverTried() {
        // Checked outside the lock first, so lookups never wait for a scheduled refresh once one was tried.
        if (source != null && nextAttempt == null) {
            synchronized (this) {
                if (nextAttempt == null) {
                    refresh();
                }
            }
        }
    }
}
