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
 * {@link RpmOrdering} against rpm's own test suite.
 *
 * <p>The {@code rpmvercmp} vectors are every active {@code RPMVERCMP(a, b, result)} line of
 * {@code tests/rpmvercmp.at} in rpm-software-management/rpm (the version with the caret tests,
 * commit 7f3fdf6868d72fbdef3386345ff39b3744fa4b14), in file order. The same file keeps, commented
 * out, the RhBug:811992 "oddities"; they are checked separately because they document rpm's
 * current behaviour. Its non-ASCII oddities ("1.1.α") are not reproduced: rpmbuild's
 * rpmCharCheck never lets such a version into a package, so they are invalid here.
 *
 * <p>rpmvercmp.at tests bare version strings only; the EVR cases below are derived from
 * {@code parseEVR} and {@code rpmverCmp} in {@code rpmio/rpmver.c}, not transcribed.
 *
 * <p>Vectors: 91 rpmvercmp.at rows (the 69 of the file before the caret tests and 22 caret rows), 6
 * RhBug:811992 oddities, 12 derived EVR rows, 17 invalid versions.
 */
class RpmOrderingTest {

    private final RpmOrdering rpm = new RpmOrdering();

    @ParameterizedTest(name = "rpmvercmp({0}, {1}) = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            1.0           | 1.0           |  0
            1.0           | 2.0           | -1
            2.0           | 1.0           |  1
            2.0.1         | 2.0.1         |  0
            2.0           | 2.0.1         | -1
            2.0.1         | 2.0           |  1
            2.0.1a        | 2.0.1a        |  0
            2.0.1a        | 2.0.1         |  1
            2.0.1         | 2.0.1a        | -1
            5.5p1         | 5.5p1         |  0
            5.5p1         | 5.5p2         | -1
            5.5p2         | 5.5p1         |  1
            5.5p10        | 5.5p10        |  0
            5.5p1         | 5.5p10        | -1
            5.5p10        | 5.5p1         |  1
            10xyz         | 10.1xyz       | -1
            10.1xyz       | 10xyz         |  1
            xyz10         | xyz10         |  0
            xyz10         | xyz10.1       | -1
            xyz10.1       | xyz10         |  1
            xyz.4         | xyz.4         |  0
            xyz.4         | 8             | -1
            8             | xyz.4         |  1
            xyz.4         | 2             | -1
            2             | xyz.4         |  1
            5.5p2         | 5.6p1         | -1
            5.6p1         | 5.5p2         |  1
            5.6p1         | 6.5p1         | -1
            6.5p1         | 5.6p1         |  1
            6.0.rc1       | 6.0           |  1
            6.0           | 6.0.rc1       | -1
            10b2          | 10a1          |  1
            10a2          | 10b2          | -1
            1.0aa         | 1.0aa         |  0
            1.0a          | 1.0aa         | -1
            1.0aa         | 1.0a          |  1
            10.0001       | 10.0001       |  0
            10.0001       | 10.1          |  0
            10.1          | 10.0001       |  0
            10.0001       | 10.0039       | -1
            10.0039       | 10.0001       |  1
            4.999.9       | 5.0           | -1
            5.0           | 4.999.9       |  1
            20101121      | 20101121      |  0
            20101121      | 20101122      | -1
            20101122      | 20101121      |  1
            2_0           | 2_0           |  0
            2.0           | 2_0           |  0
            2_0           | 2.0           |  0
            a             | a             |  0
            a+            | a+            |  0
            a+            | a_            |  0
            a_            | a+            |  0
            +a            | +a            |  0
            +a            | _a            |  0
            _a            | +a            |  0
            +_            | +_            |  0
            _+            | +_            |  0
            _+            | _+            |  0
            +             | _             |  0
            _             | +             |  0
            1.0~rc1       | 1.0~rc1       |  0
            1.0~rc1       | 1.0           | -1
            1.0           | 1.0~rc1       |  1
            1.0~rc1       | 1.0~rc2       | -1
            1.0~rc2       | 1.0~rc1       |  1
            1.0~rc1~git123 | 1.0~rc1~git123 | 0
            1.0~rc1~git123 | 1.0~rc1      | -1
            1.0~rc1       | 1.0~rc1~git123 | 1
            1.0^          | 1.0^          |  0
            1.0^          | 1.0           |  1
            1.0           | 1.0^          | -1
            1.0^git1      | 1.0^git1      |  0
            1.0^git1      | 1.0           |  1
            1.0           | 1.0^git1      | -1
            1.0^git1      | 1.0^git2      | -1
            1.0^git2      | 1.0^git1      |  1
            1.0^git1      | 1.01          | -1
            1.01          | 1.0^git1      |  1
            1.0^20160101  | 1.0^20160101  |  0
            1.0^20160101  | 1.0.1         | -1
            1.0.1         | 1.0^20160101  |  1
            1.0^20160101^git1 | 1.0^20160101^git1 | 0
            1.0^20160102  | 1.0^20160101^git1 |  1
            1.0^20160101^git1 | 1.0^20160102 | -1
            1.0~rc1^git1  | 1.0~rc1^git1  |  0
            1.0~rc1^git1  | 1.0~rc1       |  1
            1.0~rc1       | 1.0~rc1^git1  | -1
            1.0^git1~pre  | 1.0^git1~pre  |  0
            1.0^git1      | 1.0^git1~pre  |  1
            1.0^git1~pre  | 1.0^git1      | -1
            """)
    void rpmvercmpAt(String left, String right, int expected) {
        assertThat(rpm.compare(left, right)).hasValue(expected);
    }

    @ParameterizedTest(name = "oddity RhBug:811992: {0} vs {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            1b.fc17 | 1b.fc17 |  0
            1b.fc17 | 1.fc17  | -1
            1.fc17  | 1b.fc17 |  1
            1g.fc17 | 1g.fc17 |  0
            1g.fc17 | 1.fc17  |  1
            1.fc17  | 1g.fc17 | -1
            """)
    void documentedOddities(String left, String right, int expected) {
        assertThat(rpm.compare(left, right)).hasValue(expected);
    }

    @ParameterizedTest(name = "EVR {0} vs {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            1:1.0            | 2.0              |  1
            0:1.0            | 1.0              |  0
            001:1.0          | 1:1.0            |  0
            2:1.0-1          | 10:0.1-1         | -1
            1.0-1            | 1.0-2            | -1
            1.0-10.el9       | 1.0-9.el9        |  1
            1.0-1.el9        | 1.0-1.el9_1      | -1
            1.0~rc1-5        | 1.0-1            | -1
            1.0-1            | 1.0              |  1
            1.0              | 1.0-0            | -1
            1:2.0            | 1:2.0-1          | -1
            3.0.13-0ubuntu1  | 3.0.13-1         | -1
            """)
    void evr(String left, String right, int expected) {
        assertThat(rpm.compare(left, right)).hasValue(expected);
        assertThat(rpm.compare(right, left)).hasValue(-expected);
    }

    @ParameterizedTest(name = "invalid: \"{0}\"")
    @ValueSource(strings = {
        "a:1.0", ":1.0", "1:", "1:-1", "-1", "1.0-", "1.0-2-3", "1:2:3", "1.0 beta", "1.0\t1",
        "1..0", "1.0/2", "1.0,1", "1.0@x", "1.1.\u03b1", "\u0661.0", "1.0-1\u00a0"})
    void invalidVersionsCompareToNothing(String invalid) {
        assertThat(rpm.compare(invalid, "1.0")).isEmpty();
        assertThat(rpm.compare("1.0", invalid)).isEmpty();
    }

    @Test
    void digitRunsOfAnyLengthCompareWithoutOverflow() {
        String huge = "9".repeat(200);
        String bigger = "1" + "0".repeat(200);
        assertThat(rpm.compare(huge, bigger)).hasValue(-1);
        assertThat(rpm.compare("0000" + huge, huge)).hasValue(0);
        assertThat(rpm.compare(huge + ":1.0", bigger + ":0.1")).hasValue(-1);
        assertThat(rpm.compare("1.0-" + bigger, "1.0-" + huge)).hasValue(1);
    }

    @Test
    void generatedVersionsFormATotalOrder() {
        List<String> versions = generate(new Random(20240501L), 200);
        OrderingProperties.assertIsATotalOrder(rpm, versions, 20240501L);
    }

    @Test
    void arbitraryInputNeverThrows() {
        OrderingProperties.assertConsistentOnArbitraryInput(rpm, "0123456789abcXYZ.-:_+~^ !\u03b1", 99L);
    }

    /** Versions shaped like real packages: epochs, tildes, carets, dist-tagged releases. */
    private static List<String> generate(Random random, int count) {
        String[] words = {"rc", "beta", "git", "a", "p", "pre", "el", "fc", "svn"};
        List<String> versions = new ArrayList<>();
        while (versions.size() < count) {
            StringBuilder v = new StringBuilder();
            if (random.nextInt(5) == 0) {
                v.append(random.nextInt(4) == 0 ? "0" : "").append(random.nextInt(4)).append(':');
            }
            int segments = 1 + random.nextInt(4);
            for (int s = 0; s < segments; s++) {
                if (s > 0) {
                    v.append(random.nextInt(6) == 0 ? '_' : '.');
                }
                int kind = random.nextInt(10);
                if (kind < 7) {
                    v.append(random.nextInt(5) == 0 ? "0" : "").append(random.nextInt(12));
                } else if (kind < 9) {
                    v.append(random.nextInt(10)).append(words[random.nextInt(words.length)]);
                } else {
                    v.append(words[random.nextInt(words.length)]).append(random.nextInt(3));
                }
            }
            switch (random.nextInt(6)) {
                case 0 -> v.append('~').append(words[random.nextInt(3)]).append(random.nextInt(3));
                case 1 -> v.append('^').append(random.nextBoolean() ? "git" + random.nextInt(3) : "2016010" + random.nextInt(3));
                case 2 -> v.append(random.nextBoolean() ? "~" : "^");
                default -> { }
            }
            if (random.nextInt(3) > 0) {
                v.append('-').append(random.nextInt(6));
                switch (random.nextInt(4)) {
                    case 0 -> v.append(".el").append(7 + random.nextInt(3));
                    case 1 -> v.append(".fc").append(36 + random.nextInt(3));
                    case 2 -> v.append(".0.rc").append(random.nextInt(2));
                    default -> { }
                }
            }
            versions.add(v.toString());
        }
        return versions;
    }

}
