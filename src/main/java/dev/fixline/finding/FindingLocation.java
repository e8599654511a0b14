package dev.fixline.finding;

/**
 * Where findings live, as ownership rules match on it: the image's registry and repository, and the
 * registry's subscription, resource group, cloud and account (each of these four may be unknown: null).
 * A tenant has far fewer locations than findings, so ownership is resolved per location, not per finding.
 */
public record FindingLocation(String registryHost, String repository, String subscriptionId, String resourceGroup,
                              String cloud, String account) {

    public static FindingLocation of(Finding f) {
        return new FindingLocation(f.key().registryHost(), f.key().repository(), f.subscriptionId(),
                f.resourceGroup(), f.cloud(), f.account());
    }
}
