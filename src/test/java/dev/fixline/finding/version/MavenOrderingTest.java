package dev.fixline.finding.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.maven.artifact.versioning.ComparableVersion;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Maven's ordering, checked against vectors transcribed from Maven's own {@code ComparableVersionTest}
 * ({@code apache/maven}, {@code maven-artifact/src/test/java/org/apache/maven/artifact/versioning/
 * ComparableVersionTest.java}; on master it moved to {@code compat/maven-artifact/...}): adjacent pairs of
 * {@code VERSIONS_QUALIFIER} and {@code VERSIONS_NUMBER}, the pairs of {@code testVersionsEqual},
 * {@code testVersionsHaveSameOrderButAreNotEqual}, {@code testVersionComparing}, {@code testLeadingZeroes}, the
 * MNG-5568, MNG-6572, MNG-6964, MNG-7644 and MNG-7714 cases, and the case and locale tests.
 *
 * <p>{@code VERSIONS_NUMBER} is the array of the releases since MNG-7644 (Maven 3.9), which place {@code 2.0.a}
 * before {@code 2-1} and drop {@code 2.0.0.a} (now equal to {@code 2.0.a}); older copies of the test list them
 * otherwise.
 *
 * <p>Vectors: 541 reference rows (21 + 23 adjacent pairs, 36 ordered pairs, 36 MNG-7644 rows, 45 equal pairs, the
 * 2 x 190 pairs of the leading-zero arrays) and 20 refused versions (ComparableVersionTest's versions without an
 * ASCII digit and its non-ASCII digits among them); 47 versions with qualifiers in other scripts, every pair
 * against ComparableVersion itself under 6 default locales, and 23 pairs worked out by hand.
 */
class MavenOrderingTest {

    private final MavenOrdering ordering = new MavenOrdering();

    private static final String[] VERSIONS_QUALIFIER = {
        "1-alpha2snapshot", "1-alpha2", "1-alpha-123", "1-beta-2", "1-beta123", "1-m2", "1-m11", "1-rc", "1-cr2",
        "1-rc123", "1-SNAPSHOT", "1", "1-sp", "1-sp2", "1-sp123", "1-abc", "1-def", "1-pom-1", "1-1-snapshot",
        "1-1", "1-2", "1-123"
    };

    private static final String[] VERSIONS_NUMBER = {
        "2.0", "2.0.a", "2-1", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b", "2.1-c", "2.1-1", "2.1.0.1", "2.2",
        "2.123", "11.a2", "11.a11", "11.b2", "11.b11", "11.m2", "11.m11", "11", "11.a", "11b", "11c", "11m"
    };

    /** Pairs [lower, higher] of testVersionComparing and the MNG-* tests, each checkVersionsOrder(lower, higher). */
    private static final String[][] ORDERED = {
        // testVersionComparing
        {"1", "2"}, {"1.5", "2"}, {"1", "2.5"}, {"1.0", "1.1"}, {"1.1", "1.2"}, {"1.0.0", "1.1"}, {"1.0.1", "1.1"},
        {"1.1", "1.2.0"},
        {"1.0-alpha-1", "1.0"}, {"1.0-alpha-1", "1.0-alpha-2"}, {"1.0-alpha-1", "1.0-beta-1"},
        {"1.0-beta-1", "1.0-SNAPSHOT"}, {"1.0-SNAPSHOT", "1.0"}, {"1.0-alpha-1-SNAPSHOT", "1.0-alpha-1"},
        {"1.0", "1.0-1"}, {"1.0-1", "1.0-2"}, {"1.0.0", "1.0-1"},
        {"2.0-1", "2.0.1"}, {"2.0.1-klm", "2.0.1-lmn"}, {"2.0.1", "2.0.1-xyz"},
        {"2.0.1", "2.0.1-123"}, {"2.0.1-xyz", "2.0.1-123"},
        // testLeadingZeroes
        {"0.7", "2"}, {"0.2", "1.0.7"},
        // testMng5568
        {"6.1.0rc3", "6.1.0"}, {"6.1.0rc3", "6.1H.5-beta"}, {"6.1.0", "6.1H.5-beta"},
        // testMng6572
        {"20190126.230843", "1234567890.12345"}, {"1234567890.12345", "123456789012345.1H.5-beta"},
        {"20190126.230843", "123456789012345.1H.5-beta"},
        {"123456789012345.1H.5-beta", "12345678901234567890.1H.5-beta"},
        {"1234567890.12345", "12345678901234567890.1H.5-beta"},
        {"20190126.230843", "12345678901234567890.1H.5-beta"},
        // testMng6964
        {"1-0.alpha", "1"}, {"1-0.beta", "1"}, {"1-0.alpha", "1-0.beta"},
        // testMng7714 is left out: that fix is on Maven 4 only, and 3.9.11 orders 1.0.final-redhat after 1.0-sp1-redhat
    };

    /** Pairs of testVersionsEqual, testVersionsHaveSameOrderButAreNotEqual and the case/locale tests. */
    private static final String[][] EQUAL = {
        // testVersionsEqual
        {"1", "1"}, {"1", "1.0"}, {"1", "1.0.0"}, {"1.0", "1.0.0"}, {"1", "1-0"}, {"1", "1.0-0"}, {"1.0", "1.0-0"},
        {"1a", "1-a"}, {"1a", "1.0-a"}, {"1a", "1.0.0-a"}, {"1.0a", "1-a"}, {"1.0.0a", "1-a"},
        {"1x", "1-x"}, {"1x", "1.0-x"}, {"1x", "1.0.0-x"}, {"1.0x", "1-x"}, {"1.0.0x", "1-x"},
        {"1cr", "1rc"},
        {"1a1", "1-alpha-1"}, {"1b2", "1-beta-2"}, {"1m3", "1-milestone-3"},
        {"1X", "1x"}, {"1A", "1a"}, {"1B", "1b"}, {"1M", "1m"}, {"1Cr", "1Rc"}, {"1cR", "1rC"},
        {"1m3", "1Milestone3"}, {"1m3", "1MileStone3"}, {"1m3", "1MILESTONE3"},
        // testVersionsHaveSameOrderButAreNotEqual
        {"1ga", "1"}, {"1release", "1"}, {"1final", "1"}, {"1Ga", "1"}, {"1GA", "1"}, {"1RELEASE", "1"},
        {"1release", "1"}, {"1RELeaSE", "1"}, {"1Final", "1"}, {"1FinaL", "1"}, {"1FINAL", "1"},
        // testLocaleIndependent, testLexicographicASCIISortOrder, testCompareLowerCaseToUpperCase*
        {"1-abcdefghijklmnopqrstuvwxyz", "1-ABCDEFGHIJKLMNOPQRSTUVWXYZ"}, {"1.0.0-alpha1", "1.0.0-ALPHA1"},
        {"1.a", "1.A"}, {"1.\u00e9", "1.\u00c9"},
    };

    static Stream<Arguments> referenceVectors() {
        List<Arguments> rows = new ArrayList<>();
        for (String[] versions : new String[][] {VERSIONS_QUALIFIER, VERSIONS_NUMBER}) {
            for (int i = 1; i < versions.length; i++) {
                rows.add(Arguments.of(versions[i - 1], versions[i], -1));
            }
        }
        for (String[] pair : ORDERED) {
            rows.add(Arguments.of(pair[0], pair[1], -1));
        }
        // testMng7644, its loop unrolled: 1.0.0.X1 < 1.0.0-X2, and 2-X == 2.0.X == 2.0.0.X, for every X
        for (String x : new String[] {"abc", "alpha", "a", "beta", "b", "def", "milestone", "m", "RC"}) {
            rows.add(Arguments.of("1.0.0." + x + "1", "1.0.0-" + x + "2", -1));
            rows.add(Arguments.of("2-" + x, "2.0." + x, 0));
            rows.add(Arguments.of("2-" + x, "2.0.0." + x, 0));
            rows.add(Arguments.of("2.0." + x, "2.0.0." + x, 0));
        }
        for (String[] pair : EQUAL) {
            rows.add(Arguments.of(pair[0], pair[1], 0));
        }
        // testVersionEqualWithLeadingZeroes and testVersionZeroEqualWithLeadingZeroes: "1" and "0" with 0 to 18
        // leading zeros, every pair of each array (checkVersionsArrayEqual compares i with every j >= i)
        for (String digit : new String[] {"1", "0"}) {
            for (int i = 18; i >= 0; i--) {
                for (int j = i; j >= 0; j--) {
                    rows.add(Arguments.of("0".repeat(i) + digit, "0".repeat(j) + digit, 0));
                }
            }
        }
        return rows.stream();
    }

    @Test
    void theReferenceVectorsAreAllThere() {
        // 21 + 23 adjacent pairs, 36 ordered pairs, 9 x 4 MNG-7644 rows, 45 equal pairs, 2 x 190 leading-zero pairs
        assertThat(referenceVectors()).hasSize(21 + 23 + 36 + 36 + 45 + 380);
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @MethodSource("referenceVectors")
    void followsComparableVersionTest(String left, String right, int expected) {
        assertThat(ordering.compare(left, right)).hasValue(expected);
        assertThat(ordering.compare(right, left)).hasValue(-expected);
    }

    @Test
    void wholeQualifierAndNumberArraysAreAscending() {
        // checkVersionsOrder(String[]) compares every element with every later one, not only its neighbour
        for (String[] versions : new String[][] {VERSIONS_QUALIFIER, VERSIONS_NUMBER}) {
            for (int i = 0; i < versions.length; i++) {
                for (int j = i + 1; j < versions.length; j++) {
                    assertThat(ordering.compare(versions[i], versions[j])).as("%s < %s", versions[i], versions[j])
                            .hasValue(-1);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // no digit at all: ComparableVersion orders even these, but no Maven artifact version looks like them
        // (testDigitGreaterThanNonAscii, testDigitGreaterThanNonBmpCharacters, testCompareDigitToLetter,
        // testLexicographicOrder)
        "\u00e9", "\uD835\uDFE4", "aardvark", "zebra", "\u03b6\u03ad\u03b2\u03c1\u03b1", "J", "c", "SNAPSHOT",
        "-", "final",
        // a digit of another script, read as a number by maven-artifact 3.9 and as a letter by Maven 4
        // (testNonAsciiDigits): Arabic-Indic eight, 1.3 in Arabic-Indic, Devanagari, fullwidth
        "\u0668", "1.\u0663", "\u0661.\u0660", "1.0-\u0967", "\uff11.\uff10", "2.0-rc\u0661",
        // whitespace inside
        "1.0 beta", "1.0\tbeta", "1.0\u00a0beta", "1 .0",
    })
    void refusesWhatIsNoMavenVersion(String invalid) {
        assertThat(ordering.compare(invalid, "1.0")).isEmpty();
        assertThat(ordering.compare("1.0", invalid)).isEmpty();
    }

    @Test
    void hugeNumbersAreFine() {
        String big = "9".repeat(200);
        assertThat(ordering.compare("1." + big, "1.1" + big)).hasValue(-1);
        assertThat(ordering.compare(big, big + "-SNAPSHOT")).hasValue(1);
    }

    /**
     * ~200 plausible Maven versions from a fixed seed, shaped like real ones: numbers; then perhaps a release
     * qualifier after a dot ({@code 2.5.RELEASE}, {@code 4.1.108.Final}) or a qualifier after a hyphen with a build
     * number ({@code 1.0-rc1}, {@code 1.0-beta-2}, {@code 1.0-M.1}); then perhaps a suffix such as
     * {@code -SNAPSHOT}. Two rarer shapes are left out because maven-artifact 3.9.11 itself is not transitive on
     * them, and a property test of Maven's own ordering is no place to rediscover that: a release qualifier
     * followed by more ({@code 2 < 2-foo < 2-ga-SNAPSHOT} yet {@code 2-ga-SNAPSHOT < 2}; upstream fixed the
     * {@code 1-ga1} case after 3.9.11, apache/maven#12942), and a dotted qualifier after a zero
     * ({@code 0-redhat < 0.alpha.10 < 0 < 0-redhat}).
     */
    static List<String> generated() {
        Random random = new Random(3L);
        String[] numbers = {"0", "1", "2", "10", "01", "20190126"};
        String[] numbered = {"alpha", "a", "beta", "b", "milestone", "M", "rc", "CR", "sp", "jre", "redhat"};
        String[] releases = {"ga", "GA", "final", "Final", "RELEASE"};
        String[] suffixes = {"-SNAPSHOT", "-redhat-00001", "-1", ".jre8"};
        List<String> versions = new ArrayList<>();
        while (versions.size() < 200) {
            StringBuilder v = new StringBuilder(numbers[random.nextInt(numbers.length)]);
            for (int parts = random.nextInt(4); parts > 0; parts--) {
                v.append('.').append(numbers[random.nextInt(numbers.length)]);
            }
            switch (random.nextInt(3)) {
                case 0 -> v.append('.').append(releases[random.nextInt(releases.length)]);
                case 1 -> v.append('-').append(numbered[random.nextInt(numbered.length)])
                        .append(new String[] {"", "-", "."}[random.nextInt(3)])
                        .append(numbers[random.nextInt(numbers.length)]);
                default -> { }
            }
            if (random.nextInt(3) == 0) {
                v.append(suffixes[random.nextInt(suffixes.length)]);
            }
            versions.add(v.toString());
        }
        return versions;
    }

    @Test
    void deepNestingWithinTheLengthLimitDoesNotOverflow() {
        // every "-" followed by a digit opens a nested list in ComparableVersion, and comparing recurses into it
        String deep = "1" + "-1".repeat(127);
        assertThat(deep).hasSize(255);
        assertThat(ordering.compare(deep, deep + "a")).isPresent();
    }

    @Test
    void isATotalOrderOnGeneratedVersions() {
        OrderingProperties.assertIsATotalOrder(ordering, generated(), 5L);
    }

    /**
     * Qualifiers in other scripts, each written as Maven users write them (after {@code -} or {@code .}, alone, with
     * a build number, before {@code -SNAPSHOT}): German, Spanish, Greek (with a final sigma), Turkish dotted and
     * dotless i, sharp s and its capital, Cyrillic, Chinese, the Kelvin sign (which lower-cases to ASCII
     * {@code k}), a letter outside the BMP, and ASCII neighbours to sort them against.
     */
    private static final String[] NON_ASCII_QUALIFIED = {
        "1.0", "1.0-z", "1.0-sp", "1.0-1", "1.0-rc1", "1.0-SNAPSHOT", "1.0-n", "1.0-i", "1.0-ss", "1.0-k", "2.0",
        "1.0-\u00e4", "1.0-\u00c4", "1.0.\u00e4", "1.0\u00e4", "1.0-\u00e4-SNAPSHOT", "1.0-\u00e4bc", "1.0-\u00e41",
        "1.0-\u00f1", "1.0-\u00d1", "1.0-espa\u00f1ol", "1.0-ESPA\u00d1OL",
        "2.0-\u03a9", "2.0-\u03c9", "1.0-\u039f\u0394\u039f\u03a3", "1.0-\u03bf\u03b4\u03bf\u03c2",
        "1.0-\u03bf\u03b4\u03bf\u03c3",
        "1.0-I", "1.0-\u0131", "1.0-\u0130", "1.0-TITLE", "1.0-t\u0131tle", "1.0-t\u0130tle",
        "1.0-\u00df", "1.0-\u1e9e", "1.0-SS",
        "1.0-\u044f", "1.0-\u042f", "1.0-\u0431\u0435\u0442\u0430", "1.0-\u0411\u0415\u0422\u0410",
        "1.0-\u4e2d\u6587", "1.0-\u212a", "1.0-K", "1.0-\uD801\uDC00", "1.0-\uD801\uDC28",
    };

    /**
     * Every pair of {@link #NON_ASCII_QUALIFIED} gets exactly ComparableVersion's answer, whatever the default
     * locale of the JVM (maven-artifact folds case with {@code Locale.ENGLISH}; a Turkish, Azerbaijani or Lithuanian
     * default must change nothing).
     */
    @ParameterizedTest
    @ValueSource(strings = {"en", "tr", "az", "lt", "el", "de"})
    void nonAsciiQualifiersGetComparableVersionsAnswerInAnyLocale(String language) {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag(language));
            for (String a : NON_ASCII_QUALIFIED) {
                for (String b : NON_ASCII_QUALIFIED) {
                    int oracle = Integer.signum(new ComparableVersion(a).compareTo(new ComparableVersion(b)));
                    assertThat(ordering.compare(a, b)).as("%s vs %s in %s", a, b, language).hasValue(oracle);
                }
            }
        } finally {
            Locale.setDefault(before);
        }
    }

    /** The same answers, worked out by hand from the version order specification, so the oracle is checked too. */
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
        // an unknown qualifier sorts after the release and sp, by its lower-case text: U+00E4 > 'z'
        "1.0-\u00e4,           1.0,              1",
        "1.0-\u00e4,           1.0-sp,           1",
        "1.0-\u00e4,           1.0-z,            1",
        "1.0-\u00f1,           1.0-n,            1",
        "1.0-\u00e4,           1.0-rc1,          1",
        // ... and before any number
        "1.0-\u00e4,           1.0-1,           -1",
        "1.0-\u00e4,           1.0.1,           -1",
        "1.0-\u00e4-SNAPSHOT,  1.0-\u00e4,     -1",
        // case does not count, in any script
        "1.0-\u00c4,           1.0-\u00e4,      0",
        "2.0-\u03a9,           2.0-\u03c9,      0",
        "1.0-\u042f,           1.0-\u044f,      0",
        "1.0-ESPA\u00d1OL,     1.0-espa\u00f1ol, 0",
        // separators: 1.0.X, 1.0X and 1.0-X are one version (MNG-7644)
        "1.0.\u00e4,           1.0-\u00e4,      0",
        "1.0\u00e4,            1.0-\u00e4,      0",
        // English case folding: I is i; dotless and dotted i are letters of their own (İ folds to i + U+0307)
        "1.0-I,                 1.0-i,            0",
        "1.0-\u0131,           1.0-i,            1",
        "1.0-\u0130,           1.0-i,            1",
        "1.0-\u0130,           1.0-\u0131,     -1",
        // capital sharp s folds to sharp s, which is not ss; the Kelvin sign folds to k
        "1.0-\u1e9e,           1.0-\u00df,      0",
        "1.0-\u00df,           1.0-ss,           1",
        "1.0-\u212a,           1.0-k,            0",
        // a capital sigma at the end of a word folds to the final sigma
        "1.0-\u039f\u0394\u039f\u03a3, 1.0-\u03bf\u03b4\u03bf\u03c2,  0",
        "1.0-\u039f\u0394\u039f\u03a3, 1.0-\u03bf\u03b4\u03bf\u03c3, -1",
    })
    void nonAsciiQualifiersAsWorkedOutByHand(String left, String right, int expected) {
        assertThat(ordering.compare(left, right)).hasValue(expected);
        assertThat(ordering.compare(right, left)).hasValue(-expected);
    }

    @Test
    void nonAsciiQualifiersFormATotalOrder() {
        OrderingProperties.assertIsATotalOrder(ordering, List.of(NON_ASCII_QUALIFIED), 11L);
    }
}
