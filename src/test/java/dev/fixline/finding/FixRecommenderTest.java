package dev.fixline.finding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.finding.FindingRepository.OpenVulnerability;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one upgrade an owner is told to make, as the case list and case page show it. */
class FixRecommenderTest {

    @Test
    void oneFixedVersionIsTheUpgradeEvenWhenTheEcosystemCannotOrderVersions() {
        RecommendedFix fix = FixRecommender.recommend("xz-utils", List.of(
                new OpenVulnerability("CVE-2024-3094", null, "5.6.1"),
                new OpenVulnerability("CVE-2024-9999", null, "5.6.1"))).orElseThrow();
        assertThat(fix.version()).isEqualTo("5.6.1");
        assertThat(fix.fixes()).containsExactly("CVE-2024-3094", "CVE-2024-9999");
        assertThat(fix.summary()).startsWith("upgrade xz-utils to ≥ 5.6.1");
    }

    @Test
    void differentFixedVersionsOfAnUnknownEcosystemAreListedNotGuessed() {
        RecommendedFix fix = FixRecommender.recommend("libfoo", List.of(
                new OpenVulnerability("CVE-1", null, "1.2"), new OpenVulnerability("CVE-2", null, "1.10"))).orElseThrow();
        assertThat(fix.version()).isNull();
        assertThat(fix.summary()).contains("1.2, 1.10", "cannot be ordered automatically");
    }

    @Test
    void theHighestFixedVersionOfAKnownEcosystemWins() {
        RecommendedFix fix = FixRecommender.recommend("lodash", List.of(
                new OpenVulnerability("CVE-1", "npm", "4.17.12"), new OpenVulnerability("CVE-2", "npm", "4.17.21"),
                new OpenVulnerability("CVE-3", "npm", null))).orElseThrow();
        assertThat(fix.version()).isEqualTo("4.17.21");
        assertThat(fix.unfixed()).containsExactly("CVE-3");
    }
}
