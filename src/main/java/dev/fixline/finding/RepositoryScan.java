package dev.fixline.finding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one sweep shows of one repository: its digests, the packages each shows, and its findings. */
final class RepositoryScan {

    /** Unhealthy rows: the findings this sweep shows. */
    final Map<FindingKey, List<Observation>> byKey = new LinkedHashMap<>();
    /** Rows of any status, exempt ones included: where a finding is present at all. */
    final Map<FindingKey, List<Observation>> presentByKey = new LinkedHashMap<>();
    private final Map<String, ScannedDigest> digests = new HashMap<>();

    RepositoryScan(List<Observation> rows) {
        for (Observation o : rows) {
            digests.computeIfAbsent(o.digest(), ScannedDigest::new).take(o);
            presentByKey.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(o);
            if (o.isFinding()) {
                byKey.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(o);
            }
        }
    }

    /** The digests with a push time, newest first. */
    List<ScannedDigest> newestFirst() {
        return digests.values().stream().filter(d -> d.pushedAt != null)
                .sorted(Comparator.comparing((ScannedDigest d) -> d.pushedAt).reversed()).toList();
    }

    ScannedDigest newest() {
        List<ScannedDigest> sorted = newestFirst();
        return sorted.isEmpty() ? null : sorted.get(0);
    }

    /** One image of the repository as this sweep shows it. */
    static final class ScannedDigest {
        final String digest;
        Instant pushedAt;
        Instant scannedAt;
        final Map<String, Observation> packages = new HashMap<>();

        ScannedDigest(String digest) {
            this.digest = digest;
        }

        void take(Observation o) {
            if (o.pushedAt() != null && (pushedAt == null || o.pushedAt().isAfter(pushedAt))) {
                pushedAt = o.pushedAt();
            }
            if (o.scannedAt() != null && (scannedAt == null || o.scannedAt().isAfter(scannedAt))) {
                scannedAt = o.scannedAt();
            }
            packages.putIfAbsent(o.packageName(), o);
        }

        boolean pushedAfter(Instant instant) {
            return pushedAt != null && pushedAt.isAfter(instant);
        }
    }
}
