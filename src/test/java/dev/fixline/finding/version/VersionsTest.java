package dev.fixline.finding.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The public entry point: dispatch by ecosystem, and bad input that never throws and never hangs. */
class VersionsTest {

    static final List<String> ECOSYSTEMS = List.of("dpkg", "rpm", "apk", "semver", "npm", "go", "pypi", "maven",
            "nuget");

    @ParameterizedTest
    @CsvSource({
            // ecosystem, left, right, expected sign: each row only holds under that ecosystem's ordering
            "dpkg,    1.0~rc1,             1.0,             -1",
            "dpkg,    1:0.9,               2.0,              1",
            "Debian,  2.36-9+deb12u4,      2.36-9+deb12u10, -1",
            "rpm,     1.0^git1,            1.0,              1",
            "rpm,     1.0~rc1,             1.0,             -1",
            "apk,     1.2.3_rc1,           1.2.3,           -1",
            "apk,     1.2.3-r1,            1.2.3_p1,        -1",
            "alpine,  1.9.5p1-r0,          1.9.5p2-r0,      -1",
            "semver,  1.0.0-alpha,         1.0.0,           -1",
            "npm,     v1.2.3,              1.2.3,            0",
            "go,      v0.0.0-20191109021931-daa7c04131f5, v0.1.0, -1",
            "pypi,    1.0.dev1,            1.0a1,           -1",
            "pypi,    1!0.1,               2.0,              1",
            "maven,   2.17.0-rc1,          2.17.0,          -1",
            "maven,   1.0-sp1,             1.0,              1",
            "maven,   1.0-\u00e4,           1.0-z,            1",
            "nuget,   1.0.0.1,             1.0.0,            1",
            "nuget,   1.0.0-BETA,          1.0.0-beta,       0",
    })
    void comparesUnderTheEcosystemsOrdering(String ecosystem, String left, String right, int expected) {
        assertThat(Versions.compare(ecosystem, left, right)).hasValue(expected);
        assertThat(Versions.compare(ecosystem, right, left)).hasValue(-expected);
    }

    @Test
    void aliasesNameTheSameOrderings() {
        assertThat(Versions.ecosystem("Ubuntu")).hasValue("dpkg");
        assertThat(Versions.ecosystem(" golang ")).hasValue("go");
        assertThat(Versions.ecosystem("python")).hasValue("pypi");
        assertThat(Versions.ecosystem("cargo")).isEmpty();
        assertThat(Versions.ecosystem(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "cargo", "unknown"})
    void anUnknownEcosystemIsNeverAGuess(String ecosystem) {
        assertThat(Versions.compare(ecosystem, "1.0", "2.0")).isEmpty();
        assertThat(Versions.compare(null, "1.0", "2.0")).isEmpty();
    }

    @Test
    void emptyAndAbsurdlyLongVersionsAreNotComparable() {
        String huge = "1." + "9".repeat(Versions.MAX_LENGTH);
        for (String ecosystem : ECOSYSTEMS) {
            assertThat(Versions.compare(ecosystem, "", "1.0")).as(ecosystem).isEmpty();
            assertThat(Versions.compare(ecosystem, null, "1.0")).as(ecosystem).isEmpty();
            assertThat(Versions.compare(ecosystem, "1.0", "  ")).as(ecosystem).isEmpty();
            assertThat(Versions.compare(ecosystem, huge, "1.0")).as(ecosystem).isEmpty();
        }
    }

    @Test
    void longDigitRunsWithinTheLimitNeitherOverflowNorThrow() {
        String big = "9".repeat(200);
        assertThat(Versions.compare("dpkg", big, "1")).hasValue(1);
        assertThat(Versions.compare("rpm", "1." + big, "1.1")).hasValue(1);
        assertThat(Versions.compare("maven", big, big + "0")).hasValue(-1);
    }

    /** Garbage from a hostile alphabet: every ordering answers, consistently, without throwing or hanging. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void garbageNeverThrowsNorHangs() {
        Random random = new Random(20261126);
        String alphabet = "0123456789abcxyzABCvV.-_+~^:!=*@ /\\\"'\t\u00e9\u4e2d";
        List<String> garbage = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            StringBuilder s = new StringBuilder();
            int length = 1 + random.nextInt(i % 10 == 0 ? 250 : 12);
            for (int j = 0; j < length; j++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            garbage.add(s.toString());
        }
        for (String ecosystem : ECOSYSTEMS) {
            VersionOrdering ordering = orderingOf(ecosystem);
            for (int i = 0; i + 1 < garbage.size(); i++) {
                String a = garbage.get(i).trim();
                String b = garbage.get(i + 1).trim();
                if (a.isEmpty() || b.isEmpty()) {
                    continue;
                }
                OptionalInt ab = ordering.compare(a, b);
                OptionalInt ba = ordering.compare(b, a);
                assertThat(ab.isPresent()).as(ecosystem + ": '" + a + "' vs '" + b + "'").isEqualTo(ba.isPresent());
                if (ab.isPresent()) {
                    assertThat(Integer.signum(ab.getAsInt())).as(ecosystem).isEqualTo(-Integer.signum(ba.getAsInt()));
                }
            }
        }
    }

    @Test
    void explainsTheComparisonForPeople() {
        assertThat(Versions.explain("dpkg", "1.2.3-1", "1.2.3-2")).isEqualTo("installed 1.2.3-1 < fixed 1.2.3-2 (dpkg)");
        assertThat(Versions.explain("maven", "2.17.1", "2.17.0")).isEqualTo("installed 2.17.1 > fixed 2.17.0 (maven)");
        assertThat(Versions.explain("pypi", "not a version", "2.0"))
                .isEqualTo("versions not comparable: installed not a version vs fixed 2.0 (not valid pypi versions)");
        assertThat(Versions.explain(null, "1.0", "2.0"))
                .isEqualTo("versions not comparable: installed 1.0 vs fixed 2.0 (ecosystem unknown)");
        assertThat(Versions.explain("alpine", "8.2.0-r0", "8.2.001-r0")).isEqualTo("versions not comparable: installed"
                + " 8.2.0-r0 vs fixed 8.2.001-r0 (apk-tools 2 orders them >, apk-tools 3 <)");
        assertThat(Versions.explain("maven", "1.\u0663", "1.3")).isEqualTo("versions not comparable: installed"
                + " 1.\u0663 vs fixed 1.3 (a digit of another script: Maven 3.9 reads it as a number,"
                + " Maven 4 as a letter)");
        assertThat(Versions.explain("cargo", "1.0", ""))
                .isEqualTo("versions not comparable: installed 1.0 vs fixed (none) (ecosystem 'cargo' unsupported)");
    }

    private static VersionOrdering orderingOf(String ecosystem) {
        return switch (ecosystem) {
            case "dpkg" -> new DpkgOrdering();
            case "rpm" -> new RpmOrdering();
            case "apk" -> new ApkOrdering();
            case "semver" -> new SemverOrdering(false);
            case "npm", "go" -> new SemverOrdering(true);
            case "pypi" -> new Pep440Ordering();
            case "maven" -> new MavenOrdering();
            case "nuget" -> new NugetOrdering();
            default -> throw new IllegalArgumentException(ecosystem);
        };
    }
}
