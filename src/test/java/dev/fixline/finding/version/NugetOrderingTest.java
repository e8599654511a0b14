package dev.fixline.finding.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * NuGet's ordering, checked against vectors transcribed from NuGet.Versioning's own tests in
 * {@code NuGet/NuGet.Client}, directory {@code test/NuGet.Core.Tests/NuGet.Versioning.Test/}:
 * <ul>
 * <li>{@code VersionComparerTests.cs}: {@code VersionComparisonDefaultEqual},
 * {@code VersionComparisonDefaultEqualWithNuGetVersion}, {@code VersionComparisonDefaultNotEqualWithNuGetVersion}
 * and {@code VersionComparisonDefaultLess}. ({@code VersionComparisonDefaultNotEqual} is left out: it compares the
 * two strings with {@code object.Equals}, not versions, and one of its rows is equal under the comparer.)</li>
 * <li>{@code NuGetVersionTest.cs}: {@code SemVerLessThanAndGreaterThanOperatorsWorks},
 * {@code SemVerEqualsOperatorWorks} (without its row with trailing spaces: our inputs are trimmed),
 * {@code ParseReadsLegacyStyleVersionNumbers} and {@code ParseThrowsIfStringIsNotAValidSemVer};</li>
 * <li>{@code SemVer201SpecTests.cs}: the {@code SemVerSort*} precedence rows, and the release-label and metadata
 * rows NuGetVersion validates the same way as SemanticVersion.</li>
 * </ul>
 *
 * <p>Vectors: 49 ordered or equal pairs, 4 pairs NuGet tells apart, 11 valid and 37 invalid versions.
 */
class NugetOrderingTest {

    private final NugetOrdering ordering = new NugetOrdering();

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
        // VersionComparerTests.VersionComparisonDefaultEqual
        "1.0.0, 1.0.0, 0",
        "1.0.0-BETA, 1.0.0-beta, 0",
        "1.0.0-BETA+AA, 1.0.0-beta+aa, 0",
        "1.0.0-BETA.X.y.5.77.0+AA, 1.0.0-beta.x.y.5.77.0+aa, 0",
        "1.0.0, 1.0.0+beta, 0",
        // VersionComparerTests.VersionComparisonDefaultEqualWithNuGetVersion
        "1.0, 1.0.0.0, 0",
        "1.0+test, 1.0.0.0, 0",
        "1.0.0.1-1.2.A, 1.0.0.1-1.2.a+A, 0",
        "1.0.01, 1.0.1.0, 0",
        // VersionComparerTests.VersionComparisonDefaultLess
        "0.0.0, 1.0.0, -1",
        "1.0.0, 1.1.0, -1",
        "1.0.0, 1.0.1, -1",
        "1.999.9999, 2.1.1, -1",
        "1.0.0-BETA, 1.0.0-beta2, -1",
        "1.0.0-beta+AA, 1.0.0+aa, -1",
        "1.0.0-BETA, 1.0.0-beta.1+AA, -1",
        "1.0.0-BETA.X.y.5.77.0+AA, 1.0.0-beta.x.y.5.79.0+aa, -1",
        "1.0.0-BETA.X.y.5.79.0+AA, 1.0.0-beta.x.y.5.790.0+abc, -1",
        // NuGetVersionTest.SemVerLessThanAndGreaterThanOperatorsWorks
        "1.0, 1.0.1, -1",
        "1.23, 1.231, -1",
        "1.4.5.6, 1.45.6, -1",
        "1.4.5.6, 1.4.5.60, -1",
        "1.01, 1.10, -1",
        "1.01-alpha, 1.10-beta, -1",
        "1.01.0-RC-1, 1.10.0-rc-2, -1",
        "1.01-RC-1, 1.01, -1",
        "1.01, 1.2-preview, -1",
        // NuGetVersionTest.SemVerEqualsOperatorWorks
        "1.0, 1.0.0.0, 0",
        "1.23.01, 1.23.1, 0",
        "1.45.6, 1.45.6.0, 0",
        "1.45.6-Alpha, 1.45.6-Alpha, 0",
        "1.6.2-BeTa, 1.6.02-beta, 0",
        // NuGetVersionTest.ParseReadsLegacyStyleVersionNumbers: the version and its expected System.Version
        "1.022, 1.22.0.0, 0",
        "23.2.3, 23.2.3.0, 0",
        "1.3.42.10133, 1.3.42.10133, 0",
        // SemVer201SpecTests.SemVerSortVersion, SemVerSortRelease, SemVerSortReleaseNumeric,
        // SemVerSortReleaseAlpha, SemVerSortNumericAlpha, SemVerSortReleaseLabelCount: lower, higher
        "1.2.3, 1.2.4, -1",
        "1.2.3, 2.0.0, -1",
        "9.9.9, 10.1.1, -1",
        "1.2.3-alpha, 1.2.3, -1",
        "1.2.3-2, 1.2.3-3, -1",
        "1.2.3-1.9, 1.2.3-1.50, -1",
        "1.2.3-2A, 1.2.3-3A, -1",
        "1.2.3-1.50A, 1.2.3-1.9A, -1",
        "1.2.3-999999, 1.2.3-Z, -1",
        "1.2.3-A.999999, 1.2.3-A.56-2, -1",
        "1.2.3-a, 1.2.3-a.2, -1",
        "1.2.3-a.2.3.4, 1.2.3-a.2.3.4.5, -1",
        // SemVer201SpecTests.SemVerSortIgnoreReleaseCasing
        "1.2.3-a, 1.2.3-A, 0",
        "1.2.3-A-b2-C, 1.2.3-a-B2-c, 0",
    })
    void followsNuGetVersioningTests(String left, String right, int expected) {
        assertThat(ordering.compare(left, right)).hasValue(expected);
        assertThat(ordering.compare(right, left)).hasValue(-expected);
    }

    /** VersionComparerTests.VersionComparisonDefaultNotEqualWithNuGetVersion asserts inequality, not a sign. */
    @ParameterizedTest(name = "{0} != {1}")
    @CsvSource({
        "1.0, 1.0.0.1",
        "1.0+test, 1.0.0.1",
        "1.0.0.1-1.2.A, 1.0.0.1-1.2.a.A+A",
        "1.0.01, 1.0.1.2",
    })
    void tellsApartWhatNuGetTellsApart(String left, String right) {
        assertThat(ordering.compare(left, right)).isPresent();
        assertThat(ordering.compare(left, right).getAsInt()).isNotZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // NuGetVersionTest.ParseThrowsIfStringIsNotAValidSemVer
        "1beta", "$version$", "1.2Av^c", "1.2..", "1.2.3.4.5", "1.2.3.Beta", "1.2.3.4This version is full of awesomeness!!",
        "So.is.this", "1.34.2Alpha", "1.34.2Release Candidate", "1.4.7-", "1.4.7-*", "1.4.7+*", "1.4.7-AA.01^",
        "1.4.7-AA.0A^", "1.4.7-A^A", "1.4.7+AA.01^",
        // SemVer201SpecTests: SemVerVersionInvalidReleaseId, SemVerVersionInvalidReleaseLabelChars,
        // SemVerVersionReleaseLabelZeros, SemVerVersionMetadataInvalidChars, SemVerVersionMetadataNonEmptyParts
        "0.1.2-Alpha..2", "0.1.2-Alpha.", "0.1.2-.AA", "0.1.2-", "0.1.2-alp=ha", "0.1.2-alp\u2510jj", "0.1.2-a&444",
        "0.1.2-a.&.444", "0.1.2-02", "0.1.2-2.02", "0.1.2-2.A.02", "0.1.2-02.A", "0.1.2+\u00c4\u00c4",
        "0.1.2+22.2\u00c4\u00c4", "0.1.2+2+A", "0.1.2+02A.", "0.1.2+02..A", "0.1.2+",
        // System.Version: each part a non-negative int
        "2147483648.0", "1.0.0.99999999999999999999",
    })
    void refusesWhatNuGetCannotParse(String invalid) {
        assertThat(ordering.compare(invalid, "1.0.0")).isEmpty();
        assertThat(ordering.compare("1.0.0", invalid)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // SemVer201SpecTests rows NuGetVersion accepts too: labels, and metadata with leading zeros
        "0.1.2-Alpha-2-5Bdd", "0.1.2--", "0.1.2--B-C-", "0.1.2--B2.-.C.-A0-", "0.1.2-02A", "0.1.2-A02.A",
        "0.1.2+02.02-02", "0.1.2+000000", "0.1.2----+----",
        // one part, and the largest int
        "1", "2147483647.2147483647.2147483647.2147483647",
    })
    void acceptsWhatNuGetParses(String valid) {
        assertThat(ordering.compare(valid, valid)).hasValue(0);
    }

    @Test
    void hugePreReleaseNumbersAreComparedWithoutOverflow() {
        String big = "9".repeat(200);
        assertThat(ordering.compare("1.0.0-" + big, "1.0.0-1" + big)).hasValue(-1);
        assertThat(ordering.compare("1.0.0-" + big, "1.0.0-a")).hasValue(-1);
    }

    /** ~200 plausible NuGet versions from a fixed seed: 1 to 4 parts, padded numbers, mixed-case labels. */
    static List<String> generated() {
        Random random = new Random(7L);
        String[] numbers = {"0", "00", "1", "01", "2", "10", "010", "2147483647"};
        String[] labels = {"alpha", "Alpha", "ALPHA", "beta", "rc", "RC", "preview", "0", "1", "2", "10", "a-1", "-"};
        List<String> versions = new ArrayList<>();
        while (versions.size() < 200) {
            StringBuilder v = new StringBuilder();
            int parts = 1 + random.nextInt(4);
            for (int i = 0; i < parts; i++) {
                v.append(i == 0 ? "" : ".").append(numbers[random.nextInt(i == 3 ? numbers.length : 6)]);
            }
            int count = random.nextInt(4) - 1;
            for (int i = 0; i < count; i++) {
                v.append(i == 0 ? "-" : ".").append(labels[random.nextInt(labels.length)]);
            }
            if (random.nextInt(5) == 0) {
                v.append("+sha.0").append(random.nextInt(3));
            }
            versions.add(v.toString());
        }
        return versions;
    }

    @Test
    void isATotalOrderOnGeneratedVersions() {
        OrderingProperties.assertIsATotalOrder(ordering, generated(), 99L);
    }
}
