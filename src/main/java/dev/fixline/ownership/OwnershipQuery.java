package dev.fixline.ownership;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What is known about where a finding lives. Subscription, resource group, registry tags, cloud and
 * account may be unknown (null or empty); a rule with a condition on an unknown attribute does not match.
 *
 * @param subscriptionId the Azure subscription of the registry, or of the Defender connector of an AWS or
 *                       GCP registry
 * @param registryTags the registry's Azure resource tags as a live source reports them; when empty, the
 *                     tags the rules file gives under {@code registries} are used
 * @param cloud {@code azure}, {@code aws} or {@code gcp}
 * @param account the Azure subscription, AWS account id or GCP project id of the registry
 */
public record OwnershipQuery(String subscriptionId, String resourceGroup, String registryHost, String repository,
                             Map<String, String> registryTags, String cloud, String account) {

    /** A query that does not know the registry's cloud and account. */
    public OwnershipQuery(String subscriptionId, String resourceGroup, String registryHost, String repository,
                          Map<String, String> registryTags) {
        this(subscriptionId, resourceGroup, registryHost, repository, registryTags, null, null);
    }

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
