package dev.fixline.finding.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Pep440Ordering} against pypa/packaging's own test suite, {@code tests/test_version.py}
 * (commit 0345ccd3d1e5b0e14b84de4fb6bca0b82f7145e3), transcribed:
 *
 * <ul>
 *   <li>{@code VERSIONS}, "in the correct sorting order": every adjacent pair, and every pair of
 *       the list (the source of its {@code test_comparison_true/false}) ordered by index;
 *   <li>{@code test_normalized_versions} and the differing cases of {@code test_version_str_repr}
 *       and {@code test_version_rc_and_c_equals}: a version and its normal form compare equal;
 *   <li>{@code test_invalid_versions}: invalid, so nothing compares with them.
 * </ul>
 *
 * <p>Vectors: {@code VERSIONS}' 92 versions (91 adjacent pairs, and every pair), 105 spellings with their
 * normal form, 6 cmpkey rows, 21 invalid versions.
 */
class Pep440OrderingTest {

    private final Pep440Ordering pep440 = new Pep440Ordering();

    /** test_version.py VERSIONS: "This list must be in the correct sorting order". */
    private static final List<String> VERSIONS = List.of(
            // Implicit epoch of 0
            "1.0.dev0", "1.0.dev456", "1.0.dev456+local", "1.0a0", "1.0a0.post0.dev0", "1.0a0.post0",
            "1.0a1.dev1", "1.0a1.dev1+local", "1.0a1", "1.0a1+local", "1.0b0", "1.0b1.dev456",
            "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0b2-346", "1.0rc0", "1.0rc1.dev1",
            "1.0c1", "1.0rc2", "1.0", "1.0.post0.dev0", "1.0.post0", "1.0.post456.dev34",
            "1.0.post456", "1.0.post456+local", "1.0.1.dev1", "1.0.1a1", "1.0.1", "1.0.1+local",
            "1.0.1.post1", "1.1.dev1", "1.2+a", "1.2+abc", "1.2+abcdef", "1.2+def", "1.2+0", "1.2+1",
            "1.2+1.abc", "1.2+1.1", "1.2+1.1.0", "1.2+2", "1.2+123", "1.2+123456", "1.2.r32+123456",
            "1.2.rev33+123456",
            // Explicit epoch of 1
            "1!1.0.dev0", "1!1.0.dev456", "1!1.0.dev456+local", "1!1.0a0", "1!1.0a0.post0.dev0",
            "1!1.0a0.post0", "1!1.0a1.dev1", "1!1.0a1.dev1+local", "1!1.0a1", "1!1.0a1+local",
            "1!1.0b0", "1!1.0b1.dev456", "1!1.0b2", "1!1.0b2.post345.dev456", "1!1.0b2.post345",
            "1!1.0b2-346", "1!1.0rc0", "1!1.0rc1.dev1", "1!1.0c1", "1!1.0rc2", "1!1.0",
            "1!1.0.post0.dev0", "1!1.0.post0", "1!1.0.post456.dev34", "1!1.0.post456",
            "1!1.0.post456+local", "1!1.0.1.dev1", "1!1.0.1a1", "1!1.0.1", "1!1.0.1+local",
            "1!1.0.1.post1", "1!1.1.dev1", "1!1.2+a", "1!1.2+abc", "1!1.2+abcdef", "1!1.2+def",
            "1!1.2+0", "1!1.2+1", "1!1.2+1.abc", "1!1.2+1.1", "1!1.2+1.1.0", "1!1.2+2", "1!1.2+123",
            "1!1.2+123456", "1!1.2.r32+123456", "1!1.2.rev33+123456");

    static Stream<Arguments> adjacentVersions() {
        return IntStream.range(0, VERSIONS.size() - 1)
                .mapToObj(i -> Arguments.of(VERSIONS.get(i), VERSIONS.get(i + 1)));
    }

    @ParameterizedTest(name = "{0} < {1}")
    @MethodSource("adjacentVersions")
    void adjacentReferenceVersionsAscend(String lower, String higher) {
        assertThat(pep440.compare(lower, higher)).hasValue(-1);
        assertThat(pep440.compare(higher, lower)).hasValue(1);
    }

    @Test
    void everyPairOfTheReferenceListIsOrderedByIndex() {
        for (int i = 0; i < VERSIONS.size(); i++) {
            for (int j = 0; j < VERSIONS.size(); j++) {
                assertThat(pep440.compare(VERSIONS.get(i), VERSIONS.get(j)))
                        .as("%s vs %s", VERSIONS.get(i), VERSIONS.get(j))
                        .hasValue(Integer.signum(i - j));
            }
        }
    }

    /** test_normalized_versions (version, normalized), then the differing test_version_str_repr cases. */
    static Stream<Arguments> equalSpellings() {
        return Stream.of(
                // Various development release incarnations
                "1.0dev|1.0.dev0", "1.0.dev|1.0.dev0", "1.0dev1|1.0.dev1", "1.0-dev|1.0.dev0",
                "1.0-dev1|1.0.dev1", "1.0DEV|1.0.dev0", "1.0.DEV|1.0.dev0", "1.0DEV1|1.0.dev1",
                "1.0.DEV1|1.0.dev1", "1.0-DEV|1.0.dev0", "1.0-DEV1|1.0.dev1",
                // Various alpha incarnations
                "1.0a|1.0a0", "1.0.a|1.0a0", "1.0.a1|1.0a1", "1.0-a|1.0a0", "1.0-a1|1.0a1",
                "1.0alpha|1.0a0", "1.0.alpha|1.0a0", "1.0.alpha1|1.0a1", "1.0-alpha|1.0a0",
                "1.0-alpha1|1.0a1", "1.0A|1.0a0", "1.0.A|1.0a0", "1.0.A1|1.0a1", "1.0-A|1.0a0",
                "1.0-A1|1.0a1", "1.0ALPHA|1.0a0", "1.0.ALPHA|1.0a0", "1.0.ALPHA1|1.0a1",
                "1.0-ALPHA|1.0a0", "1.0-ALPHA1|1.0a1",
                // Various beta incarnations
                "1.0b|1.0b0", "1.0.b|1.0b0", "1.0.b1|1.0b1", "1.0-b|1.0b0", "1.0-b1|1.0b1",
                "1.0beta|1.0b0", "1.0.beta|1.0b0", "1.0.beta1|1.0b1", "1.0-beta|1.0b0",
                "1.0-beta1|1.0b1", "1.0B|1.0b0", "1.0.B|1.0b0", "1.0.B1|1.0b1", "1.0-B|1.0b0",
                "1.0-B1|1.0b1", "1.0BETA|1.0b0", "1.0.BETA|1.0b0", "1.0.BETA1|1.0b1",
                "1.0-BETA|1.0b0", "1.0-BETA1|1.0b1",
                // Various release candidate incarnations
                "1.0c|1.0rc0", "1.0.c|1.0rc0", "1.0.c1|1.0rc1", "1.0-c|1.0rc0", "1.0-c1|1.0rc1",
                "1.0rc|1.0rc0", "1.0.rc|1.0rc0", "1.0.rc1|1.0rc1", "1.0-rc|1.0rc0", "1.0-rc1|1.0rc1",
                "1.0C|1.0rc0", "1.0.C|1.0rc0", "1.0.C1|1.0rc1", "1.0-C|1.0rc0", "1.0-C1|1.0rc1",
                "1.0RC|1.0rc0", "1.0.RC|1.0rc0", "1.0.RC1|1.0rc1", "1.0-RC|1.0rc0", "1.0-RC1|1.0rc1",
                // Various post release incarnations
                "1.0post|1.0.post0", "1.0.post|1.0.post0", "1.0post1|1.0.post1", "1.0-post|1.0.post0",
                "1.0-post1|1.0.post1", "1.0POST|1.0.post0", "1.0.POST|1.0.post0",
                "1.0POST1|1.0.post1", "1.0r|1.0.post0", "1.0rev|1.0.post0", "1.0.POST1|1.0.post1",
                "1.0.r1|1.0.post1", "1.0.rev1|1.0.post1", "1.0-POST|1.0.post0", "1.0-POST1|1.0.post1",
                "1.0-5|1.0.post5", "1.0-r5|1.0.post5", "1.0-rev5|1.0.post5",
                // Local version case insensitivity
                "1.0+AbC|1.0+abc",
                // Integer Normalization
                "1.01|1.1", "1.0a05|1.0a5", "1.0b07|1.0b7", "1.0c056|1.0rc56", "1.0rc09|1.0rc9",
                "1.0.post000|1.0.post0", "1.1.dev09000|1.1.dev9000", "00!1.2|1.2", "0100!0.0|100!0.0",
                // Various other normalizations
                "v1.0|1.0", "   v1.0\t\n|1.0",
                // Non-ASCII whitespace
                "\u202f1.0\t\u2029\n |1.0",
                // test_version_str_repr, where the spelling differs from the normal form
                "0!1.0.2|1.0.2", "0!1.0.4+8.0|1.0.4+8.0",
                // test_version_rc_and_c_equals
                "1.0rc1|1.0c1")
                .map(pair -> Arguments.of(pair.split("\\|")[0], pair.split("\\|")[1]));
    }

    @ParameterizedTest(name = "{0} == {1}")
    @MethodSource("equalSpellings")
    void spellingsOfOneVersionCompareEqual(String spelling, String normalized) {
        assertThat(pep440.compare(spelling, normalized)).hasValue(0);
        assertThat(pep440.compare(normalized, spelling)).hasValue(0);
    }

    /** Not transcribed: rules stated in _cmpkey's comments and doctests that VERSIONS leaves open. */
    @ParameterizedTest(name = "{0} vs {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            1.0.dev5     | 1.0a0.dev1   | -1
            1.0.0        | 1            |  0
            0.0          | 0            |  0
            1.0+01       | 1.0+1        |  0
            1.0+ubuntu.1 | 1.0+ubuntu   |  1
            1.0+a.b      | 1.0+a.1      | -1
            """)
    void cmpkeyRules(String left, String right, int expected) {
        assertThat(pep440.compare(left, right)).hasValue(expected);
        assertThat(pep440.compare(right, left)).hasValue(-expected);
    }

    /** test_invalid_versions, plus a legacy version that only setuptools ever accepted. */
    static Stream<String> invalidVersions() {
        return Stream.of(
                // Non sensical versions should be invalid
                "french toast",
                // Versions with invalid local versions
                "1.0+a+", "1.0++", "1.0+_foobar", "1.0+foo&asd", "1.0+1+1",
                // Spaces in versions are also invalid
                "1. 0", "1 .0", "1. 0a1", "1 .0a1", "1.0 a1", "1.0a 1",
                // Versions do need to be standard numbers
                "\u0660\u0661\u0662.\u0663\u0664\u0665.\u0666\u0667\u0668\u0669",
                // Invalid versions that trigger the fast path (digits/dots only)
                ".", "..", "1..0", "1.0.", ".1.0", "1..2.3",
                // Local version with a non-ASCII letter that [a-z] would match without re.ASCII
                "1.0+\u0130",
                // Not from test_version.py: a legacy (setuptools-only) version
                "1.0-foo-bar");
    }

    @ParameterizedTest(name = "invalid: \"{0}\"")
    @MethodSource("invalidVersions")
    void invalidVersionsCompareToNothing(String invalid) {
        assertThat(pep440.compare(invalid, "1.0")).isEmpty();
        assertThat(pep440.compare("1.0", invalid)).isEmpty();
    }

    @Test
    void digitRunsOfAnyLengthCompareWithoutOverflow() {
        String huge = "9".repeat(120);
        String bigger = "1" + "0".repeat(120);
        assertThat(pep440.compare(huge, bigger)).hasValue(-1);
        assertThat(pep440.compare("000" + huge, huge)).hasValue(0);
        assertThat(pep440.compare(huge + "!1.0", bigger + "!0.1")).hasValue(-1);
        assertThat(pep440.compare("1.0.post" + bigger, "1.0.post" + huge)).hasValue(1);
        assertThat(pep440.compare("1.0+" + bigger, "1.0+" + huge)).hasValue(1);
    }

    @Test
    void generatedVersionsFormATotalOrder() {
        List<String> versions = generate(new Random(20240501L), 200);
        OrderingProperties.assertIsATotalOrder(pep440, versions, 20240501L);
    }

    @Test
    void arbitraryInputNeverThrows() {
        OrderingProperties.assertConsistentOnArbitraryInput(pep440, "0123456789abcdeprvtlADV.-_+! \u0130\u0661", 99L);
    }

    /** Versions shaped like PyPI releases, in assorted spellings: epochs, pre, post, dev, local. */
    private static List<String> generate(Random random, int count) {
        String[] pre = {"a", "alpha", "b", "beta", "c", "rc", "pre", "preview", "RC", "A"};
        String[] post = {".post", "post", "-post", ".r", "rev", "-"};
        String[] separators = {"", ".", "-", "_"};
        String[] localParts = {"ubuntu", "abc", "0", "1", "5", "12", "local", "g1a2b3"};
        List<String> versions = new ArrayList<>();
        while (versions.size() < count) {
            StringBuilder v = new StringBuilder(random.nextInt(8) == 0 ? "v" : "");
            if (random.nextInt(8) == 0) {
                v.append(random.nextInt(3)).append('!');
            }
            int components = 1 + random.nextInt(4);
            for (int c = 0; c < components; c++) {
                v.append(c > 0 ? "." : "").append(random.nextInt(4) == 0 ? 0 : random.nextInt(4));
            }
            if (random.nextInt(3) == 0) {
                v.append(separators[random.nextInt(separators.length)]).append(pre[random.nextInt(pre.length)]);
                if (random.nextInt(4) > 0) {
                    v.append(random.nextInt(3));
                }
            }
            if (random.nextInt(4) == 0) {
                String label = post[random.nextInt(post.length)];
                v.append(label).append(label.equals("-") || random.nextBoolean() ? random.nextInt(3) : "");
            }
            if (random.nextInt(4) == 0) {
                v.append(separators[random.nextInt(separators.length)]).append("dev");
                if (random.nextBoolean()) {
                    v.append(random.nextInt(3));
                }
            }
            if (random.nextInt(6) == 0) {
                v.append('+').append(localParts[random.nextInt(localParts.length)]);
                if (random.nextBoolean()) {
                    v.append(separators[1 + random.nextInt(3)]).append(localParts[random.nextInt(localParts.length)]);
                }
            }
            versions.add(v.toString());
        }
        return versions;
    }

}
