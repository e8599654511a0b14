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
    /** The as-of time of the last absence counted towards GONE; the next one counts only an interval later. */
    Instant lastAbsentAt;
    int reopenCount;
    Instant closedAt;
    ClosureRule closureRule;
    ClosureEvidence closureEvidence;
    String lastDecision;
    String lastSweepId;
    Instant fixAvailableAt;
    /** Written only by {@link FindingRepository#suppress}; a sweep reads it and never writes it. */
    Finding.Suppression suppression;
    final Map<String, Finding.AffectedDigest> digests = new LinkedHashMap<>();
    final Map<String, Finding.AffectedDigest> digestsSeenNow = new LinkedHashMap<>();
    boolean isNew;
    /** The digest of the most recently pushed image this sweep shows the finding on (not stored). */
    String newestObservedDigest;

    /** A copy of the values a sweep may change (not the digests), to put back with {@link #restore}. */
    FindingRecord snapshot() {
        FindingRecord copy = new FindingRecord();
        copy.restore(this);
        copy.id = id;
        copy.key = key;
        copy.isNew = isNew;
        return copy;
    }

    /** Puts back the values of a {@link #snapshot}. */
    void restore(FindingRecord from) {
        ecosystem = from.ecosystem;
        state = from.state;
        severity = from.severity;
        cvss = from.cvss;
        installedVersion = from.installedVersion;
        fixedVersion = from.fixedVersion;
        fixStatus = from.fixStatus;
        subscriptionId = from.subscriptionId;
        resourceGroup = from.resourceGroup;
        cloud = from.cloud;
        account = from.account;
        firstDetectedAt = from.firstDetectedAt;
        lastSeenAt = from.lastSeenAt;
        newestAffectedDigest = from.newestAffectedDigest;
        newestAffectedPushedAt = from.newestAffectedPushedAt;
        absentSweeps = from.absentSweeps;
        lastAbsentAt = from.lastAbsentAt;
        reopenCount = from.reopenCount;
        closedAt = from.closedAt;
        closureRule = from.closureRule;
        closureEvidence = from.closureEvidence;
        lastDecision = from.lastDecision;
        lastSweepId = from.lastSweepId;
        fixAvailableAt = from.fixAvailableAt;
    }

    Finding toFinding() {
        return new Finding(id, key, ecosystem, state, severity, cvss, installedVersion, fixedVersion, fixStatus,
                subscriptionId, resourceGroup, cloud, account, firstDetectedAt, lastSeenAt, newestAffectedDigest,
                newestAffectedPushedAt, absentSweeps, reopenCount, closedAt, closureRule,
                closureEvidence,
                lastDecision, lastSweepId, digests.values().stream().toList(), fixAvailableAt, suppression);
    }
}
