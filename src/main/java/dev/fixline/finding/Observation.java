package dev.fixline.finding;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One row of a sweep as the scanner reported it. Only rows whose {@code statusCode} is
 * {@code Unhealthy} are findings; the others are recorded and never opened.
 */
public record Observation(
        int rowNumber,
        String rawId,
        String assessmentKey,
        String statusCode,
        String statusCause,
        String subscriptionId,
        String resourceGroup,
        String registryResourceId,
        String registryHost,
        String repository,
        String digest,
        Instant pushedAt,
        String tags,
        String vulnerabilityId,
        String packageName,
        String ecosystem,
        String installedVersion,
        String fixedVersion,
        String fixStatus,
        Severity severity,
        BigDecimal cvss,
        Instant scannedAt) {

    public static final String UNHEALTHY = "Unhealthy";

    /** Push and scan times are cut to what the store keeps, so that a row compares equal to its stored copy. */
    public Observation {
        pushedAt = StoredPrecision.of(pushedAt);
        scannedAt = StoredPrecision.of(scannedAt);
    }

    public boolean isFinding() {
        return UNHEALTHY.equalsIgnoreCase(statusCode);
    }

    public FindingKey key() {
        return new FindingKey(registryHost, repository, vulnerabilityId, packageName);
    }
}
