package dev.fixline.ingest;

import java.time.Instant;
import java.util.Optional;

/**
 * The Resource Graph source ({@code fixline.arg.*}) as the rest of Fixline sees it: whether it is on,
 * when it sweeps, and a sweep started now. Its clients, paging, quota and retries stay inside
 * {@code ingest.arg}.
 */
public interface ResourceGraphSweeps {

    /** The {@code source} of the sweeps it records. */
    String SOURCE = "arg";

    boolean enabled();

    /** The Quartz cron expression (UTC) of scheduled sweeps, {@code fixline.arg.schedule}. */
    String schedule();

    /** When Azure asked it to wait past now (HTTP 429 with {@code Retry-After}), until then. */
    Optional<Instant> throttledUntil();

    /** Starts a sweep on a background thread; false when one is already running. */
    boolean startInBackground(String trigger);
}
