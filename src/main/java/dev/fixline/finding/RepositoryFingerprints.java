package dev.fixline.finding;

import dev.fixline.finding.ObservationRepository.Repo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

/**
 * A fingerprint of each repository's rows in one sweep, taken as they are staged: SHA-256 over every field the
 * diff reads, row after row in the order they came. Scan times are left out: Defender rescans every day, and a
 * later scan time alone changes nothing the store keeps (an earlier one is checked in SQL, see
 * {@link RepositoryStates}). Two sweeps with the same fingerprint for a repository show it identically.
 */
final class RepositoryFingerprints {

    private final Map<Repo, MessageDigest> digests = new HashMap<>();
    /** The registry of each repository's first row, as the diff takes it. */
    private final Map<Repo, RegistryScope> registries = new HashMap<>();

    void add(Observation o) {
        MessageDigest sha = digests.computeIfAbsent(new Repo(o.registryHost(), o.repository()), repo -> {
            registries.put(repo, RegistryScope.of(o.registryHost(), o.cloud(), o.account()));
            return sha256();
        });
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
