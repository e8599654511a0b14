package dev.fixline.ownership;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What is known about where a finding lives. Subscription, resource group and registry tags may be
 * unknown (null or empty); a rule with a condition on an unknown attribute does not match.
 *
 * @param registryTags the registry's Azure resource tags as a live source reports them; when empty, the
 *                     tags the rules file gives under {@code registries} are used
 */
public record OwnershipQuery(String subscriptionId, String resourceGroup, String registryHost, String repository,
                             Map<String, String> registryTags) {

    public OwnershipQuery {
        Map<String, String> tags = new LinkedHashMap<>();
        if (registryTags != null) {
            registryTags.forEach((k, v) -> {
                if (k != null && v != null) {
                    tags.put(k, v);
                }
            });
        }
        registryTags = Collections.unmodifiableMap(tags);
    }

    /** A query that knows only the registry and the repository. */
    public static OwnershipQuery of(String registryHost, String repository) {
        return new OwnershipQuery(null, null, registryHost, repository, Map.of());
    }
}
