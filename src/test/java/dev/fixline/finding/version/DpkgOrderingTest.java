package dev.fixline.finding.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DpkgOrdering} against dpkg's own test suite (repository guillemj/dpkg):
 * <ul>
 * <li>{@code scripts/t/Dpkg_Version.t}, its {@code __DATA__} section verbatim ("left right
 * expected"), which the Perl test also runs through {@code dpkg --compare-versions}; and the three
 * rows that dpkg 1.20.9's copy of that file (t/Dpkg_Version.t in the CPAN release) has in place of
 * the {@code 0foo-} rows, written after dpkg began to reject an empty revision;</li>
 * <li>{@code lib/dpkg/t/t-version.c}, {@code test_version_compare}, {@code test_version_relate} and
 * {@code test_version_parse}, whose version objects {@code (epoch, upstream, revision)} are written
 * here in their string form (the two rows whose upstream part does not start with a digit, {@code a}
 * against {@code b}, are objects dpkg's parser would warn about and are left out).</li>
 * </ul>
 *
 * <p>Vectors: 44 rows of Dpkg_Version.t and 3 of dpkg 1.20.9's copy; 9 comparisons and 14 parses of
 * t-version.c; 16 versions dpkg rejects and the 50 character substitutions of t-version.c.
 */
class DpkgOrderingTest {

    /** scripts/t/Dpkg_Version.t, {@code __DATA__}. */
    private static final String DPKG_VERSION_T = """
            1.0-1 2.0-2 -1
            2.2~rc-4 2.2-1 -1
            2.2-1 2.2~rc-4 1
            1.0000-1 1.0-1 0
            1 0:1 0
            0 0:0-0 0
            2:2.5 1:7.5 1
            1:0foo 0foo 1
            0:0foo 0foo 0
            0foo 0foo 0
            0foo- 0foo 0
            0foo- 0foo-0 0
            0foo 0fo 1
            0foo- 0foo+ -1
            0foo~1 0foo -1
            0foo~foo+Bar 0foo~foo+bar -1
            0foo~~ 0foo~ -1
            1~ 1 -1
            12345+that-really-is-some-ver-0 12345+that-really-is-some-ver-10 -1
            0foo-0 0foo-01 -1
            0foo.bar 0foobar 1
            0foo.bar 0foo1bar 1
            0foo.bar 0foo0bar 1
            0foo1bar-1 0foobar-1 -1
            0foo2.0 0foo2 1
            0foo2.0.0 0foo2.10.0 -1
            0foo2.0 0foo2.0.0 -1
            0foo2.0 0foo2.10 -1
            0foo2.1 0foo2.10 -1
            1.09 1.9 0
            1.0.8+nmu1 1.0.8 1
            3.11 3.10+nmu1 1
            0.9j-20080306-4 0.9i-20070324-2 1
            1.2.0~b7-1 1.2.0~b6-1 1
            1.011-1 1.06-2 1
            0.0.9+dfsg1-1 0.0.8+dfsg1-3 1
            4.6.99+svn6582-1 4.6.99+svn6496-1 1
            53 52 1
            0.9.9~pre122-1 0.9.9~pre111-1 1
            2:2.3.2-2+lenny2 2:2.3.2-2 1
            1:3.8.1-1 3.8.GA-1 1
            1.0.1+gpl-1 1.0.1-2 1
            1a 1000a -1
            -0.6.5 0.9.1 -1
            """;

    /** The rows dpkg 1.20.9's t/Dpkg_Version.t has instead of the three {@code 0foo-} rows. */
    private static final String DPKG_1_20_9_ROWS = """
            0foo-0 0foo 0
            0foo 0foo-0 0
            0foo-0 0foo+ -1
            """;

    /**
     * Operands today's dpkg refuses ({@code parseversion}: "revision number is empty", "version
     * number is empty"), so the contract answers empty for their rows, not the old expectation.
     */
    private static final Set<String> REJECTED_BY_DPKG = Set.of("0foo-", "-0.6.5");

    private final DpkgOrdering ordering = new DpkgOrdering();

    static Stream<Arguments> dpkgVersionT() {
        return Stream.concat(DPKG_VERSION_T.lines(), DPKG_1_20_9_ROWS.lines()).map(line -> {
            String[] row = line.split(" ");
            return Arguments.of(row[0], row[1], Integer.parseInt(row[2]));
        });
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @MethodSource("dpkgVersionT")
    void ordersAsDpkgVersionT(String left, String right, int expected) {
        if (REJECTED_BY_DPKG.contains(left) || REJECTED_BY_DPKG.contains(right)) {
            assertThat(ordering.compare(left, right)).isEmpty();
            return;
        }
        assertThat(ordering.compare(left, right)).hasValue(expected);
        assertThat(ordering.compare(right, left)).hasValue(-expected);
    }

    /** t-version.c, test_version_compare and test_version_relate, objects as strings. */
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = ' ', textBlock = """
            1-1 1-1 0
            1-1 2-1 -1
            2-1 1-1 1
            1-1 1-2 -1
            0-0 0-0 0
            0-00 00-0 0
            1:2-3 1:2-3 0
            0-0 1:0-0 -1
            0-a 0-b -1
            """)
    void ordersAsTVersionCompareAndRelate(String left, String right, int expected) {
        assertThat(ordering.compare(left, right)).hasValue(expected);
        assertThat(ordering.compare(right, left)).hasValue(-expected);
    }

    /** t-version.c, test_version_parse: the input parses to the object on the right. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = ' ', textBlock = """
            0 0
            0:0 0
            0:0-0 0-0
            0:0.0-0.0 0.0-0.0
            1:0 1:0
            5:1 5:1
            0:0-0-0 0-0-0
            0:0-0-0-0 0-0-0-0
            0:0:0-0 0:0:0-0
            0:0:0:0-0 0:0:0:0-0
            0:0:0-0-0 0:0:0-0-0
            0:0-0:0-0 0:0-0:0-0
            0:09azAZ.-+~:-0 0:09azAZ.-+~:-0
            0:0-azAZ09.+~ 0-azAZ09.+~
            """)
    void parsesAsTVersionParse(String input, String object) {
        assertThat(ordering.compare(input, object)).hasValue(0);
    }

    /** t-version.c, test_version_parse, and Dpkg_Version.t's invalid versions. */
    @ParameterizedTest
    @ValueSource(strings = {
        "0:", ":1.0", "1.0-", "0:0 0-1", "-1:0-1", "999999999999999999999999:0-1", "a:0-0", "A:0-0",
        "-0", "0:-0", "0:abc3-0", "0:0-0:0",
        "10a:5.2", "5.2@3-2", "foo5.2", "0:foo5.2"})
    void rejectsWhatDpkgRejects(String version) {
        assertThat(ordering.compare(version, "1.0")).isEmpty();
        assertThat(ordering.compare("1.0", version)).isEmpty();
    }

    /** t-version.c: each character is put at position 3 of "0:0a-0" and at position 4 of "0:0-0". */
    @Test
    void rejectsTheCharactersTVersionTries() {
        for (char c : "!#@$%&/|\\<>()[]{};,_=*^'".toCharArray()) {
            assertThat(ordering.compare("0:0" + c + "-0", "0")).as("upstream with %s", c).isEmpty();
        }
        for (char c : "!#@$%&/|\\<>()[]{}:;,_=*^'".toCharArray()) {
            assertThat(ordering.compare("0:0-" + c, "0")).as("revision with %s", c).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1:", ":1", "1.0 2", "1.0\t2", "x1:1.0", "1:-", "1.0-a b", "1.0é", "٣.0"})
    void rejectsGarbage(String version) {
        assertThat(ordering.compare(version, "1.0")).isEmpty();
    }

    @Test
    void theEpochStopsAtIntMaxAsInDpkg() {
        assertThat(ordering.compare("2147483647:1", "1")).hasValue(1);
        assertThat(ordering.compare("2147483648:1", "1")).isEmpty();
        // strtol reads leading zeros, so they do not make an epoch too big.
        assertThat(ordering.compare("0000000000001:1", "1:1")).hasValue(0);
        assertThat(ordering.compare("9".repeat(254) + ":1", "1")).isEmpty();
    }

    @Test
    void longRunsOfDigitsCompareWithoutOverflow() {
        String big = "9".repeat(256);
        assertThat(ordering.compare(big, big)).hasValue(0);
        assertThat(ordering.compare("9".repeat(255), big)).hasValue(-1);
        assertThat(ordering.compare("1." + "0".repeat(200) + "7", "1.7")).hasValue(0);
        assertThat(ordering.compare("1" + "0".repeat(255), "9".repeat(255))).hasValue(1);
        assertThat(ordering.compare("1-" + big, "1-" + "9".repeat(254))).hasValue(1);
    }

    @Test
    void isAntisymmetricReflexiveAndTransitiveOnGeneratedVersions() {
        List<String> versions = generate(new Random(20240611L), 200);
        OrderingProperties.assertIsATotalOrder(ordering, versions, 20240611L);
    }


    /** Distinct versions of Debian's usual shapes: epochs, '~' pre-releases, '+' and revisions. */
    private static List<String> generate(Random random, int count) {
        String[] upstreamTails = {".", ".", ".", "+", "~", "~~", "~rc", "~beta", "a", "b", "+dfsg", "+git",
            ".0", "0", "+really"};
        String[] revisions = {"0", "1", "2", "10", "01", "0ubuntu1", "1ubuntu0.1", "1+deb12u1", "1~bpo11+1",
            "3.1", "~1", "a", "1.0"};
        Set<String> versions = new LinkedHashSet<>();
        while (versions.size() < count) {
            StringBuilder v = new StringBuilder();
            boolean epoch = random.nextInt(4) == 0;
            boolean revision = random.nextInt(3) > 0;
            if (epoch) {
                v.append(random.nextInt(3)).append(':');
            }
            v.append(random.nextInt(12));
            for (int part = random.nextInt(5); part > 0; part--) {
                v.append(upstreamTails[random.nextInt(upstreamTails.length)]);
                if (random.nextBoolean()) {
                    v.append(random.nextInt(15));
                }
                // A hyphen in the upstream part needs a revision after it, a colon an epoch.
                if (revision && random.nextInt(10) == 0) {
                    v.append("-1");
                }
                if (epoch && random.nextInt(10) == 0) {
                    v.append(":2");
                }
            }
            if (revision) {
                v.append('-').append(revisions[random.nextInt(revisions.length)]);
            }
            versions.add(v.toString());
        }
        return new ArrayList<>(versions);
    }
}
