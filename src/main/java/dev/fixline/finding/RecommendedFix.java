package dev.fixline.finding;

import java.util.List;

/**
 * The one upgrade that fixes the most: the highest fixed version among the open findings of a
 * package in a repository ("upgrade openssl to ≥ 3.0.13 — fixes 4 CVEs").
 *
 * @param version the version to upgrade to, or null when the fixed versions cannot be ordered
 * @param fixes the open vulnerabilities that upgrade fixes
 * @param unfixed open vulnerabilities of the package that no known version fixes
 */
public record RecommendedFix(String packageName, String ecosystem, String version, List<String> fixes,
                             List<String> unfixed, String summary) {
}
