package dev.fixline.sla;

import java.time.Instant;

/**
 * The KEV catalog in use, as the {@code kev} health component shows it.
 *
 * @param source the configured source as it may be logged (a URL without its query); null when none is
 *        configured
 * @param catalogVersion CISA's {@code catalogVersion}, e.g. {@code 2025.02.25}; null before the first load
 * @param dateReleased CISA's {@code dateReleased}; null before the first load or if the catalog gave none
 * @param cves the number of CVEs listed
 * @param unreadable entries of the catalog that were skipped as unreadable
 * @param loadedAt the last successful load; null while none has succeeded
 * @param lastFailure why the last load failed; null after a successful one
 * @param failingSince the first failed load since the last success; null after a successful one
 * @param failedAttempts the loads that failed since the last success
 * @param nextAttempt when the next load is due; null before the first
 */
record KevStatus(String source, String catalogVersion, Instant dateReleased, int cves, int unreadable,
                 Instant loadedAt, String lastFailure, Instant failingSince, int failedAttempts, Instant nextAttempt) {

    boolean enabled() {
        return source != null;
    }
}
