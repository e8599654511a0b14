package dev.fixline.finding;

import dev.fixline.limits.AsciiCase;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One row of a sweep as the scanner reported it. Only rows whose {@code statusCode} is
 * {@code Unhealthy} are findings; the others are recorded and never opened.
 *
 * @param subscriptionId the Azure subscription of the registry, or of the Defender connector for an
 *                       AWS or GCP registry
 * @param cloud where the registry is: {@code azure}, {@code aws} or {@code gcp} (see {@link Cloud})
 * @param account the Azure subscription, AWS account id or GCP project id the registry belongs to
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
        Instant scannedAt,
        String cloud,
        String account) {

    public static final String UNHEALTHY = "Unhealthy";

    /** Push and scan times are cut to what the store keeps, so that a row compares equal to its stored copy. */
    public Observation {
        pushedAt = StoredPrecision.of(pushedAt);
        scannedAt = StoredPrecision.of(scannedAt);
    }

    /** A row of an Azure registry: its account is its subscription. */
    public Observation(int rowNumber, String rawId, String assessmentKey, String statusCode, String statusCause,
                       String subscriptionId, String resourceGroup, String registryResourceId, String registryHost,
                       String repository, String digest, Instant pushedAt, String tags, String vulnerabilityId,
                       String packageName, String ecosystem, String installedVersion, String fixedVersion,
                       String fixStatus, Severity severity, BigDecimal cvss, Instant scannedAt) {
        this(rowNumber, rawId, assessmentKey, statusCode, statusCause, subscriptionId, resourceGroup,
                registryResourceId, registryHost, repository, digest, pushedAt, tags, vulnerabilityId, packageName,
                ecosystem, installedVersion, fixedVersion, fixStatus, severity, cvss, scannedAt, Cloud.AZURE.id(),
                subscriptionId);
    }

    /** The same row, numbered within a larger whole (several files imported as one sweep). */
    public Observation withRowNumber(int number) {
        return new Observation(number, rawId, assessmentKey, statusCode, statusCause, subscriptionId, resourceGroup,
                registryResourceId, registryHost, repository, digest, pushedAt, tags, vulnerabilityId, packageName,
                ecosystem, installedVersion, fixedVersion, fixStatus, severity, cvss, scannedAt, cloud, account);
    }

    public boolean isFinding() {
        return AsciiCase.equalsIgnoreCase(UNHEALTHY, statusCode);
    }

    public FindingKey key() {
        return new FindingKey(registryHost, repository, vulnerabilityId, packageName);
    }
}
