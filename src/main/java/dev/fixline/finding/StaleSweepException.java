package dev.fixline.finding;

import java.time.Instant;

/**
 * A sweep that is not newer than one already applied to the same registry: applying it again would
 * count the same rescan twice (and turn findings GONE early), or replay an old state.
 */
public class StaleSweepException extends RuntimeException {

    public StaleSweepException(String registryHost, Instant asOf, Instant latest) {
        super(asOf.equals(latest)
                ? "a complete sweep as of " + asOf + " was already applied to " + registryHost
                        + " (the same export, or another of the same scan); import newer exports only"
                : "the export is as of " + asOf + ", but a sweep as of " + latest + " was already applied to "
                        + registryHost + "; import newer exports only");
    }
}
