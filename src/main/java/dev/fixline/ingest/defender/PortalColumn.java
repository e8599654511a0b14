package dev.fixline.ingest.defender;

import java.util.List;

/**
 * The columns of a portal CSV that Fixline reads. Each has the header names it goes by, most
 * preferred first: when several are present, the first non-blank value wins. Names are matched
 * case-insensitively; any other column is ignored.
 */
public enum PortalColumn {
    ID("id"),
    SUBSCRIPTION("subscriptionId"),
    RESOURCE_GROUP("resourceGroup"),
    REGISTRY_RESOURCE_ID("registryResourceId"),
    /** The Defender seed query projects {@code artifactDetails.registryHost} as {@code registryName}. */
    REGISTRY_HOST("registryHost", "registryName"),
    REPOSITORY("repositoryName", "repository"),
    DIGEST("imageDigest", "digest"),
    /** Which of these holds the CVE depends on the query; a CVE-looking value is preferred (see the mapper). */
    VULNERABILITY("vulnId", "cveId", "vulnName"),
    /** The status severity first, as in the JSON mapper: it is what Defender rates the finding. */
    SEVERITY("scanFindingSeverity", "severity"),
    PACKAGE("packageName"),
    INSTALLED_VERSION("installedPackageVersion", "version"),
    FIXED_VERSION("fixedPackageVersion", "fixedVersion"),
    FIX_STATUS("fixStatus"),
    PUSHED("lastPushedToRegistryUTC", "lastPublishedToRegistryUTC"),
    SCANNED("timeGenerated"),
    STATUS("statusCode"),
    STATUS_CAUSE("statusCause"),
    CVSS("cvssV30Score"),
    TAGS("tags"),
    CATEGORY("category"),
    LANGUAGE("language"),
    OS_VERSION("osVersion"),
    OS_NAME("osName"),
    VENDOR("vendor"),
    EVIDENCE("evidence");

    private final List<String> names;

    PortalColumn(String... names) {
        this.names = List.of(names);
    }

    public List<String> names() {
        return names;
    }

    /** The name an error uses when the file has none of the column's names. */
    String canonicalName() {
        return names.get(0);
    }
}
