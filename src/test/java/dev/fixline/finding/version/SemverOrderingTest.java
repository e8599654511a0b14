package dev.fixline.finding.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SemVer 2.0.0 precedence, checked against vectors transcribed from the reference suites:
 * <ul>
 * <li>node-semver ({@code npm/node-semver}) {@code test/fixtures/comparisons.js}, all rows (each says the first
 * version is greater), and {@code test/fixtures/equality.js}, the rows without whitespace in them (our inputs are
 * trimmed and may not contain spaces);</li>
 * <li>golang.org/x/mod ({@code golang/mod}) {@code semver/semver_test.go}: the {@code tests} table is in
 * ascending order, rows with the same canonical form are equal, and rows canonicalising to "" are invalid. Its
 * shorthand rows ({@code v1}, {@code v1.0}, {@code v1.2}) are left out: Go expands them to {@code vX.0.0}, this
 * ordering is strict SemVer and refuses them;</li>
 * <li>the precedence example of SemVer 2.0.0 §11 itself (<a href="https://semver.org/spec/v2.0.0.html">semver.org</a>).
 * </li>
 * </ul>
 * Rows are run with the npm/Go flavour ({@code leadingV}); rows without a prefix must give the same answer strictly.
 *
 * <p>Vectors: 72 ordered or equal pairs from the three sources, 32 invalid versions.
 */
class SemverOrderingTest {

    private final SemverOrdering prefixed = new SemverOrdering(true);
    private final SemverOrdering strict = new SemverOrdering(false);

    /** node-semver test/fixtures/comparisons.js: [version1, version2], version1 greater. */
    static Stream<Arguments> nodeSemverComparisons() {
        String[][] rows = {
            {"0.0.0", "0.0.0-foo"},
            {"0.0.1", "0.0.0"},
            {"1.0.0", "0.9.9"},
            {"0.10.0", "0.9.0"},
            {"0.99.0", "0.10.0"},
            {"2.0.0", "1.2.3"},
            {"v0.0.0", "0.0.0-foo"},
            {"v0.0.1", "0.0.0"},
            {"v1.0.0", "0.9.9"},
            {"v0.10.0", "0.9.0"},
            {"v0.99.0", "0.10.0"},
            {"v2.0.0", "1.2.3"},
            {"0.0.0", "v0.0.0-foo"},
            {"0.0.1", "v0.0.0"},
            {"1.0.0", "v0.9.9"},
            {"0.10.0", "v0.9.0"},
            {"0.99.0", "v0.10.0"},
            {"2.0.0", "v1.2.3"},
            {"1.2.3", "1.2.3-asdf"},
            {"1.2.3", "1.2.3-4"},
            {"1.2.3", "1.2.3-4-foo"},
            {"1.2.3-5-foo", "1.2.3-5"},
            {"1.2.3-5", "1.2.3-4"},
            {"1.2.3-5-foo", "1.2.3-5-Foo"},
            {"3.0.0", "2.7.2+asdf"},
            {"1.2.3-a.10", "1.2.3-a.5"},
            {"1.2.3-a.b", "1.2.3-a.5"},
            {"1.2.3-a.b", "1.2.3-a"},
            {"1.2.3-a.b.c.10.d.5", "1.2.3-a.b.c.5.d.100"},
            {"1.2.3-r2", "1.2.3-r100"},
            {"1.2.3-r100", "1.2.3-R2"},
        };
        return Stream.of(rows).map(r -> Arguments.of(r[0], r[1], 1));
    }

    /** node-semver test/fixtures/equality.js, the rows without whitespace: [version1, version2], equivalent. */
    static Stream<Arguments> nodeSemverEquality() {
        String[][] rows = {
            {"1.2.3", "v1.2.3"},
            {"1.2.3", "=1.2.3"},
            {"1.2.3-0", "v1.2.3-0"},
            {"1.2.3-0", "=1.2.3-0"},
            {"1.2.3-1", "v1.2.3-1"},
            {"1.2.3-1", "=1.2.3-1"},
            {"1.2.3-beta", "v1.2.3-beta"},
            {"1.2.3-beta", "=1.2.3-beta"},
            {"1.2.3-beta+build", "1.2.3-beta+otherbuild"},
            {"1.2.3+build", "1.2.3+otherbuild"},
        };
        return Stream.of(rows).map(r -> Arguments.of(r[0], r[1], 0));
    }

    /** golang.org/x/mod semver_test.go, the valid full rows of {@code tests} in order, with their canonical form. */
    private static final String[][] GO_TESTS = {
        {"v1.0.0-alpha", "v1.0.0-alpha"},
        {"v1.0.0-alpha.1", "v1.0.0-alpha.1"},
        {"v1.0.0-alpha.beta", "v1.0.0-alpha.beta"},
        {"v1.0.0-beta", "v1.0.0-beta"},
        {"v1.0.0-beta.2", "v1.0.0-beta.2"},
        {"v1.0.0-beta.11", "v1.0.0-beta.11"},
        {"v1.0.0-rc.1", "v1.0.0-rc.1"},
        {"v1.0.0", "v1.0.0"},
        {"v1.2.0", "v1.2.0"},
        {"v1.2.3-456", "v1.2.3-456"},
        {"v1.2.3-456.789", "v1.2.3-456.789"},
        {"v1.2.3-456-789", "v1.2.3-456-789"},
        {"v1.2.3-456a", "v1.2.3-456a"},
        {"v1.2.3-pre", "v1.2.3-pre"},
        {"v1.2.3-pre+meta", "v1.2.3-pre"},
        {"v1.2.3-pre.1", "v1.2.3-pre.1"},
        {"v1.2.3-zzz", "v1.2.3-zzz"},
        {"v1.2.3", "v1.2.3"},
        {"v1.2.3+meta", "v1.2.3"},
        {"v1.2.3+meta-pre", "v1.2.3"},
        {"v1.2.3+meta-pre.sha.256a", "v1.2.3"},
    };

    /** Adjacent rows of the Go table: equal when their canonical forms are, else ascending. */
    static Stream<Arguments> goSemverTable() {
        List<Arguments> pairs = new ArrayList<>();
        for (int i = 1; i < GO_TESTS.length; i++) {
            String[] low = GO_TESTS[i - 1];
            String[] high = GO_TESTS[i];
            pairs.add(Arguments.of(low[0], high[0], low[1].equals(high[1]) ? 0 : -1));
        }
        return pairs.stream();
    }

    /** SemVer 2.0.0 §11.2 and §11.4 examples, each "<" its successor. */
    static Stream<Arguments> semverSpecExamples() {
        String[][] chains = {
            {"1.0.0", "2.0.0", "2.1.0", "2.1.1"},
            {"1.0.0-alpha", "1.0.0"},
            {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
                "1.0.0-rc.1", "1.0.0"},
        };
        List<Arguments> pairs = new ArrayList<>();
        for (String[] chain : chains) {
            for (int i = 1; i < chain.length; i++) {
                pairs.add(Arguments.of(chain[i - 1], chain[i], -1));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @MethodSource({"nodeSemverComparisons", "nodeSemverEquality", "goSemverTable", "semverSpecExamples"})
    void followsTheReferenceSuites(String left, String right, int expected) {
        assertThat(prefixed.compare(left, right)).hasValue(expected);
        assertThat(prefixed.compare(right, left)).hasValue(-expected);
        if (unprefixed(left) && unprefixed(right)) {
            assertThat(strict.compare(left, right)).hasValue(expected);
        } else {
            assertThat(strict.compare(left, right)).isEmpty();
        }
    }

    private static boolean unprefixed(String version) {
        return Character.isDigit(version.charAt(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // golang.org/x/mod semver_test.go, rows whose canonical form is "" (invalid)
        "bad", "v1-alpha.beta.gamma", "v1-pre", "v1+meta", "v1-pre+meta", "v1.2-pre", "v1.2+meta", "v1.2-pre+meta",
        // Go expands these shorthands; strict SemVer has exactly three numbers
        "v1", "v1.0", "v1.2",
        // SemVer 2.0.0 §2, §9, §10: leading zeros, empty or non-[0-9A-Za-z-] identifiers
        "01.2.3", "1.02.3", "1.2.03", "1.2.3-01", "1.2.3-a.01", "1.2.3-", "1.2.3-a..b", "1.2.3-a.", "1.2.3+",
        "1.2.3+a..b", "1.2.3-a_b", "1.2.3+a+b", "1.2.3.4", "1.2", "1.2.x", "-1.2.3", "1.-2.3", "1.2.3-\u00e9",
        // only one prefix character is accepted
        "vv1.2.3", "v=1.2.3", "v",
    })
    void refusesWhatIsNotStrictSemver(String invalid) {
        assertThat(prefixed.compare(invalid, "1.0.0")).isEmpty();
        assertThat(prefixed.compare("1.0.0", invalid)).isEmpty();
        assertThat(strict.compare(invalid, invalid)).isEmpty();
    }

    @Test
    void aPrefixIsOnlyForTheLeadingVFlavour() {
        assertThat(strict.compare("v1.2.3", "1.2.3")).isEmpty();
        assertThat(strict.compare("=1.2.3", "1.2.3")).isEmpty();
        assertThat(prefixed.compare("V1.2.3", "1.2.3")).hasValue(0);
    }

    @Test
    void leadingZerosAreFineInBuildMetadata() {
        assertThat(strict.compare("1.2.3+001", "1.2.3+002")).hasValue(0);
    }

    @Test
    void goPseudoVersionsAndIncompatibleSortAsGoSortsThem() {
        assertThat(prefixed.compare("v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-aaaaaaaaaaaa"))
                .hasValue(-1);
        // a pseudo-version based on v1.2.3 sorts after v1.2.3 and before v1.2.4
        assertThat(prefixed.compare("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3")).hasValue(1);
        assertThat(prefixed.compare("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4")).hasValue(-1);
        assertThat(prefixed.compare("v2.0.0+incompatible", "v2.0.0")).hasValue(0);
    }

    @Test
    void hugeNumbersAreComparedWithoutOverflow() {
        String big = "9".repeat(120);
        assertThat(strict.compare(big + ".0.0", "1" + "0".repeat(120) + ".0.0")).hasValue(-1);
        assertThat(strict.compare("1.0.0-" + big, "1.0.0-" + big + "0")).hasValue(-1);
        assertThat(strict.compare("1.0.0-" + big, "1.0.0-a")).hasValue(-1);
        assertThat(strict.compare("18446744073709551616.0.0", "18446744073709551615.0.0")).hasValue(1);
    }

    @Test
    void staysLinearOnAdversarialInput() {
        String dots = "1.0.0-" + "a.".repeat(124) + "a";
        String dashes = "1.0.0-" + "-".repeat(240) + "!";
        assertThat(strict.compare(dots, dots)).hasValue(0);
        assertThat(strict.compare(dashes, "1.0.0")).isEmpty();
    }

    /** ~200 plausible versions, from a fixed seed so a failure can be replayed. */
    static List<String> generated() {
        Random random = new Random(20240611L);
        String[] numbers = {"0", "1", "2", "9", "10", "11", "99", "100", "18446744073709551616"};
        String[] identifiers = {"alpha", "beta", "rc", "Alpha", "RC", "0", "1", "2", "10", "x-y", "-", "1a",
            "20191109021931", "daa7c04131f5"};
        List<String> versions = new ArrayList<>();
        while (versions.size() < 200) {
            StringBuilder v = new StringBuilder(random.nextInt(4) == 0 ? "v" : "");
            for (int i = 0; i < 3; i++) {
                v.append(i == 0 ? "" : ".").append(numbers[random.nextInt(4 + (i == 2 ? 5 : 2))]);
            }
            int labels = random.nextInt(5) - 1;
            for (int i = 0; i < labels; i++) {
                v.append(i == 0 ? "-" : ".").append(identifiers[random.nextInt(identifiers.length)]);
            }
            if (random.nextInt(6) == 0) {
                v.append("+build.").append(random.nextInt(3));
            }
            versions.add(v.toString());
        }
        return versions;
    }

    @Test
    void isATotalOrderOnGeneratedVersions() {
        OrderingProperties.assertIsATotalOrder(prefixed, generated(), 12345L);
    }
}
