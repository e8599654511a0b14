package dev.fixline.finding;

import dev.fixline.finding.ObservationRepository.Repo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep's rows kept in memory by repository while it is read, so that a repository the sweep shows unchanged is
 * never written, and one that changed is diffed without reading its rows back. The strings rows repeat (hosts,
 * repositories, digests, packages, versions) are kept once per sweep; only each row's own id is its own.
 */
final class HeldRows {

    private final Map<Repo, List<Observation>> byRepo = new LinkedHashMap<>();
    private final Map<String, String> strings = new HashMap<>();
    private int count;

    void add(Repo repo, Observation o) {
        byRepo.computeIfAbsent(repo, r -> new ArrayList<>()).add(shared(o));
        count++;
    }

    int count() {
        return count;
    }

    /** The repository's rows in the order they came; empty when the sweep had none. */
    List<Observation> of(Repo repo) {
        return byRepo.getOrDefault(repo, List.of());
    }

    /** Every row, repository after repository, and nothing held any more. */
    List<Observation> takeAll() {
        List<Observation> all = new ArrayList<>(count);
        byRepo.values().forEach(all::addAll);
        byRepo.clear();
        strings.clear();
        count = 0;
        return all;
    }

    private Observation shared(Observation o) {
        return new Observation(o.rowNumber(), o.rawId(), s(o.assessmentKey()), s(o.statusCode()), s(o.statusCause()),
                s(o.subscriptionId()), s(o.resourceGroup()), s(o.registryResourceId()), s(o.registryHost()),
                s(o.repository()), s(o.digest()), o.pushedAt(), s(o.tags()), s(o.vulnerabilityId()),
                s(o.packageName()), s(o.ecosystem()), s(o.installedVersion()), s(o.fixedVersion()), s(o.fixStatus()),
                o.severity(), o.cvss(), o.scannedAt(), s(o.cloud()), s(o.account()));
    }

    private String s(String value) {
        return value == null ? null : strings.computeIfAbsent(value, v -> v);
    }
}
