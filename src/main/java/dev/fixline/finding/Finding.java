package dev.fixline.finding;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A finding as the store holds it.
 *
 * @param cloud {@code azure}, {@code aws} or {@code gcp}
 * @param account the Azure subscription, AWS account id or GCP project id of the registry
 */
public record Finding(
        String id,
        FindingKey key,
        String ecosystem,
        FindingState state,
        Severity severity,
        BigDecimal cvss,
        String installedVersion,
        String fixedVersion,
        String fixStatus,
        String subscriptionId,
        String resourceGroup,
        String cloud,
        String account,
        Instant firstDetectedAt,
        Instant lastSeenAt,
        String newestAffectedDigest,
        Instant newestAffectedPushedAt,
        int absentSweeps,
        int reopenCount,
        Instant closedAt,
        ClosureRule closureRule,
        ClosureEvidence closureEvidence,
        String lastDecision,
        String lastSweepId,
        List<AffectedDigest> digests,
        Instant fixAvailableAt,
        Suppression suppression) {

    /**
     * The last judgement that the finding is a false positive: while the finding is {@code SUPPRESSED} it
     * opens no case; a new fixed version, severity or image digest lifts it (the finding opens again and
     * this stays as history).
     */
    public record Suppression(Instant at, String by, String reason) {
    }

    public record AffectedDigest(String digest, Instant pushedAt, String tags, Instant firstSeenAt, Instant lastSeenAt) {
    }
}
