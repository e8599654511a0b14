package dev.fixline.finding;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A finding while a sweep works on it: loaded, changed in memory, written back in a batch. */
final class FindingRecord {

    String id;
    FindingKey key;
    String ecosystem;
    FindingState state;
    Severity severity;
    BigDecimal cvss;
    String installedVersion;
    String fixedVersion;
    String fixStatus;
    String subscriptionId;
    String resourceGroup;
    String cloud;
    String account;
    Instant firstDetectedAt;
    Instant lastSeenAt;
    String newestAffectedDigest;
    Instant newestAffectedPushedAt;
    int absentSweeps;
    int reopenCount;
    Instant closedAt;
    ClosureRule closureRule;
    String closureEvidence;
    String lastDecision;
    String lastSweepId;
    Instant fixAvailableAt;
    final Map<String, Finding.AffectedDigest> digests = new LinkedHashMap<>();
    final Map<String, Finding.AffectedDigest> digestsSeenNow = new LinkedHashMap<>();
    boolean isNew;

    Finding toFinding(java.util.function.Function<String, ClosureEvidence> evidence) {
        return new Finding(id, key, ecosystem, state, severity, cvss, installedVersion, fixedVersion, fixStatus,
                subscriptionId, resourceGroup, cloud, account, firstDetectedAt, lastSeenAt, newestAffectedDigest,
                newestAffectedPushedAt, absentSweeps, reopenCount, closedAt, closureRule,
                closureEvidence == null ? null : evidence.apply(closureEvidence),
                lastDecision, lastSweepId, digests.values().stream().toList(), fixAvailableAt);
    }
}
