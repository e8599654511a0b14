package dev.fixline.finding;

import dev.fixline.finding.version.Versions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** Picks the highest fixed version among a package's open vulnerabilities, by its ecosystem's ordering. */
final class FixRecommender {

    private FixRecommender() {
    }

    static Optional<RecommendedFix> recommend(String packageName,
                                              List<FindingRepository.OpenVulnerability> open) {
        if (open.isEmpty()) {
            return Optional.empty();
        }
        String ecosystem = open.stream().map(FindingRepository.OpenVulnerability::ecosystem)
                .filter(Objects::nonNull).findFirst().orElse(null);
        List<FindingRepository.OpenVulnerability> withFix = new ArrayList<>();
        List<String> unfixed = new ArrayList<>();
        for (FindingRepository.OpenVulnerability v : open) {
            if (v.fixedVersion() == null || v.fixedVersion().isBlank()) {
                unfixed.add(v.vulnerabilityId());
            } else {
                withFix.add(v);
            }
        }
        if (withFix.isEmpty()) {
            return Optional.of(new RecommendedFix(packageName, ecosystem, null, List.of(), unfixed,
                    "no fixed version of " + packageName + " is known yet for " + count(unfixed.size())));
        }
        String highest = withFix.get(0).fixedVersion();
        for (FindingRepository.OpenVulnerability v : withFix) {
            if (v.fixedVersion().equals(highest)) {
                continue; // the same version needs no ordering, whatever the ecosystem
            }
            OptionalInt sign = Versions.compare(ecosystem, v.fixedVersion(), highest);
            if (sign.isEmpty()) {
                List<String> all = withFix.stream().map(FindingRepository.OpenVulnerability::vulnerabilityId).toList();
                return Optional.of(new RecommendedFix(packageName, ecosystem, null, all, unfixed,
                        "upgrade " + packageName + " to the highest of its fixed versions ("
                                + String.join(", ", withFix.stream().map(FindingRepository.OpenVulnerability::fixedVersion)
                                .distinct().toList()) + "); they cannot be ordered automatically"
                                + (ecosystem == null ? " (ecosystem unknown)" : " as " + ecosystem + " versions")));
            }
            if (sign.getAsInt() > 0) {
                highest = v.fixedVersion();
            }
        }
        List<String> fixes = withFix.stream().map(FindingRepository.OpenVulnerability::vulnerabilityId).toList();
        String summary = "upgrade " + packageName + " to ≥ " + highest + " — fixes " + count(fixes.size())
                + (unfixed.isEmpty() ? "" : "; " + count(unfixed.size()) + " without a known fix remain");
        return Optional.of(new RecommendedFix(packageName, ecosystem, highest, fixes, unfixed, summary));
    }

    private static String count(int n) {
        return n == 1 ? "1 vulnerability" : n + " vulnerabilities";
    }
}
