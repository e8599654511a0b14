package dev.fixline.finding;

import java.util.Comparator;

/**
 * What one sweep can supersede: a registry, or on a GCP host (which serves every project) one project's
 * part of it. A sweep is as of its own newest scan for each of these, and judged stale against each.
 *
 * @param project the GCP project; null for any other registry
 */
record RegistryScope(String registryHost, String project) implements Comparable<RegistryScope> {

    private static final Comparator<RegistryScope> ORDER = Comparator.comparing(RegistryScope::registryHost)
            .thenComparing(RegistryScope::project, Comparator.nullsFirst(Comparator.naturalOrder()));

    static RegistryScope of(String registryHost, String cloud, String account) {
        return new RegistryScope(registryHost, Cloud.GCP.id().equals(cloud) ? account : null);
    }

    @Override
    public int compareTo(RegistryScope other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return project == null ? registryHost : registryHost + " (project " + project + ")";
    }
}
