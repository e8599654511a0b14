package dev.fixline.finding.version;

import static dev.fixline.finding.version.Ascii.compareNumbers;
import static dev.fixline.finding.version.Ascii.isNumber;

import java.util.OptionalInt;

/**
 * Semantic Versioning 2.0.0 precedence, as §11 of <a href="https://semver.org/spec/v2.0.0.html">semver.org</a>
 * defines it: major, minor and patch compared numerically; a pre-release sorts before its release; pre-release
 * identifiers compared dot by dot, numeric ones numerically and below alphanumeric ones, which compare in ASCII
 * order; when all compared identifiers are equal the shorter list is lower; build metadata is ignored.
 *
 * <p>Versions must be strictly valid (§2, §9, §10): exactly three numbers without leading zeros, non-empty
 * identifiers of {@code [0-9A-Za-z-]}, no leading zeros in numeric pre-release identifiers. With {@code leadingV}
 * (Go, npm) one leading {@code v}, {@code V} or {@code =} is dropped first. Go pseudo-versions such as
 * {@code v0.0.0-20191109021931-daa7c04131f5} need nothing special: plain precedence already orders them as Go
 * does, and {@code +incompatible} is build metadata.
 *
 * <p>Parsed by hand, not by regular expression, so that it runs in linear time; numbers are compared as digit
 * strings, so a run of a hundred digits neither overflows nor throws.
 */
final class SemverOrdering implements VersionOrdering {

    private static final String[] NO_IDENTIFIERS = new String[0];

    private final boolean leadingV;

    SemverOrdering(boolean leadingV) {
        this.leadingV = leadingV;
    }

    @Override
    public OptionalInt compare(String left, String right) {
        Parsed a = parse(left);
        Parsed b = parse(right);
        if (a == null || b == null) {
            return OptionalInt.empty();
        }
        for (int i = 0; i < 3; i++) {
            int c = compareNumbers(a.numbers[i], b.numbers[i]);
            if (c != 0) {
                return OptionalInt.of(c);
            }
        }
        return OptionalInt.of(comparePrerelease(a.prerelease, b.prerelease, false));
    }

    /** major.minor.patch as digit strings, and the pre-release identifiers (empty for a release). */
    private record Parsed(String[] numbers, String[] prerelease) {
    }

    private Parsed parse(String version) {
        String v = version;
        if (leadingV && !v.isEmpty() && (v.charAt(0) == 'v' || v.charAt(0) == 'V' || v.charAt(0) == '=')) {
            v = v.substring(1);
        }
        int plus = v.indexOf('+');
        if (plus >= 0 && !validIdentifiers(v.substring(plus + 1), true)) {
            return null;
        }
        String core = plus >= 0 ? v.substring(0, plus) : v;
        // The first hyphen ends the version core; later ones belong to the pre-release identifiers.
        int dash = core.indexOf('-');
        String[] numbers = split(dash >= 0 ? core.substring(0, dash) : core);
        if (numbers.length != 3) {
            return null;
        }
        for (String n : numbers) {
            if (!isNumber(n) || hasLeadingZero(n)) {
                return null;
            }
        }
        if (dash < 0) {
            return new Parsed(numbers, NO_IDENTIFIERS);
        }
        String prerelease = core.substring(dash + 1);
        return validIdentifiers(prerelease, false) ? new Parsed(numbers, split(prerelease)) : null;
    }

    /**
     * Compares two pre-release identifier lists by §11.3–11.4, shared with {@link NugetOrdering}, which differs
     * only in comparing alphanumeric identifiers case-insensitively. An empty list is a release and sorts last.
     */
    static int comparePrerelease(String[] a, String[] b, boolean ignoreCase) {
        if (a.length == 0 || b.length == 0) {
            // A release outranks any pre-release of the same version (§11.3); two releases are equal.
            return Integer.compare(a.length == 0 ? 1 : 0, b.length == 0 ? 1 : 0);
        }
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            boolean numericA = isNumber(a[i]);
            boolean numericB = isNumber(b[i]);
            int c;
            if (numericA && numericB) {
                c = compareNumbers(a[i], b[i]);
            } else if (numericA || numericB) {
                c = numericA ? -1 : 1; // numeric identifiers have lower precedence (§11.4.3)
            } else {
                // Identifiers are ASCII here, so compareTo is the ASCII order the spec asks for.
                c = Integer.signum(ignoreCase ? a[i].compareToIgnoreCase(b[i]) : a[i].compareTo(b[i]));
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    /**
     * True when {@code s} is a non-empty dot-separated list of non-empty {@code [0-9A-Za-z-]} identifiers;
     * unless {@code leadingZerosAllowed} (build metadata), numeric identifiers may not start with 0.
     */
    static boolean validIdentifiers(String s, boolean leadingZerosAllowed) {
        for (String id : split(s)) {
            if (id.isEmpty()) {
                return false;
            }
            for (int i = 0; i < id.length(); i++) {
                char c = id.charAt(i);
                boolean ok = c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-';
                if (!ok) {
                    return false;
                }
            }
            if (!leadingZerosAllowed && isNumber(id) && hasLeadingZero(id)) {
                return false;
            }
        }
        return true;
    }

    /** Splits on dots keeping empty pieces, so "1..2" and "1." show up as invalid. */
    static String[] split(String s) {
        return s.split("\\.", -1); // a single escaped character: String.split's fast path, no regex engine
    }

    private static boolean hasLeadingZero(String digits) {
        return digits.length() > 1 && digits.charAt(0) == '0';
    }
}
