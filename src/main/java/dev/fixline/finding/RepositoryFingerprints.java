package dev.fixline.finding;

import dev.fixline.finding.ObservationRepository.Repo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A fingerprint of each repository's rows in one sweep, taken as they are read: SHA-256 over every field the
 * diff reads, row after row in the order they came. Scan times are left out: Defender rescans every day, and a
 * later scan time alone changes nothing the store keeps. An earlier one would move a finding's first detection,
 * so each finding's earliest scan is kept beside the fingerprint ({@link #scannedSince}). Two sweeps with the
 * same fingerprint for a repository show it identically.
 */
final class RepositoryFingerprints {

    /** A finding's rows of which one has no scan time: its first detection would be the sweep's as-of. */
    private static final Instant NO_SCAN_TIME = Instant.MIN;

    private final Map<Repo, MessageDigest> digests = new LinkedHashMap<>();
    /** The registry of each repository's first row, as the diff takes it. */
    private final Map<Repo, RegistryScope> registries = new LinkedHashMap<>();
    /** Per repository, the earliest scan of each key's rows, of any status. */
    private final Map<Repo, Map<FindingKey, Instant>> earliestScans = new HashMap<>();
    /** Per repository, the keys of its unhealthy rows: the findings it shows. */
    private final Map<Repo, Set<FindingKey>> findings = new HashMap<>();
    /** Whether the two maps above are kept: not for a sweep too large for memory, whose rows are all staged. */
    private boolean keysKept = true;

    void add(Observation o) {
        Repo repo = new Repo(o.registryHost(), o.repository());
        MessageDigest sha = digests.computeIfAbsent(repo, r -> {
            registries.put(r, RegistryScope.of(o.registryHost(), o.cloud(), o.account()));
            return sha256();
        });
        if (keysKept) {
            FindingKey key = o.key();
            earliestScans.computeIfAbsent(repo, r -> new HashMap<>()).merge(key,
                    o.scannedAt() == null ? NO_SCAN_TIME : o.scannedAt(),
                    (a, b) -> a == NO_SCAN_TIME || b == NO_SCAN_TIME ? NO_SCAN_TIME : a.isBefore(b) ? a : b);
            if (o.isFinding()) {
                findings.computeIfAbsent(repo, r -> new HashSet<>()).add(key);
            }
        }
        field(sha, o.statusCode());
        field(sha, o.statusCause());
        field(sha, o.subscriptionId());
        field(sha, o.resourceGroup());
        field(sha, o.registryResourceId());
        field(sha, o.digest());
        field(sha, o.pushedAt() == null ? null : o.pushedAt().toString());
        field(sha, o.tags());
        field(sha, o.vulnerabilityId());
        field(sha, o.packageName());
        field(sha, o.ecosystem());
        field(sha, o.installedVersion());
        field(sha, o.fixedVersion());
        field(sha, o.fixStatus());
        field(sha, o.severity().name());
        field(sha, o.cvss() == null ? null : o.cvss().toPlainString());
        field(sha, o.cloud());
        field(sha, o.account());
        sha.update((byte) '\n');
    }

    /**
     * Stops keeping each finding's earliest scan, and drops what was kept: a sweep too large to hold writes every
     * row to {@code observation}, where {@link RepositoryStates} checks them instead, so that memory stays
     * bounded by {@code fixline.sweep.rows-in-memory} and not by the number of findings.
     */
    void forgetKeys() {
        keysKept = false;
        earliestScans.clear();
        findings.clear();
    }

    /** Whether {@link #findings} and {@link #scannedSince} can answer (see {@link #forgetKeys}). */
    boolean keysKept() {
        return keysKept;
    }

    /** The repositories the sweep's rows are in, in the order they first came. */
    Set<Repo> repositories() {
        return Collections.unmodifiableSet(registries.keySet());
    }

    /** How many findings (distinct keys of unhealthy rows) the sweep shows in the repository. */
    int findings(Repo repo) {
        return findings.getOrDefault(repo, Set.of()).size();
    }

    /**
     * Whether the sweep's rows of a finding leave its first detection where it is: none of them was scanned
     * before it, and each has a scan time. True when the sweep has no row of the finding.
     */
    boolean scannedSince(Repo repo, FindingKey key, Instant firstDetected) {
        Instant earliest = earliestScans.getOrDefault(repo, Map.of()).get(key);
        return earliest == null || earliest != NO_SCAN_TIME && !earliest.isBefore(firstDetected);
    }

    /** The registry of the repository's rows (on a GCP host, its project); null when it had no rows. */
    RegistryScope registryOf(Repo repo) {
        return registries.get(repo);
    }

    /** The fingerprints by repository, as lowercase hex; the digests are spent. */
    Map<Repo, String> finish() {
        Map<Repo, String> done = new HashMap<>();
        digests.forEach((repo, sha) -> done.put(repo, java.util.HexFormat.of().formatHex(sha.digest())));
        digests.clear();
        return done;
    }

    /** Each field with its length, so that no two different rows hash the same bytes; null differs from "". */
    private static void field(MessageDigest sha, String value) {
        if (value == null) {
            sha.update((byte) 0xFF);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int shift = 24; shift >= 0; shift -= 8) {
            sha.update((byte) (bytes.length >>> shift));
        }
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
