package dev.fixline.finding.version;

import static dev.fixline.finding.version.Ascii.allDigits;
import static dev.fixline.finding.version.Ascii.isAlphanumeric;
import static dev.fixline.finding.version.Ascii.isDigit;
import static dev.fixline.finding.version.Ascii.isLetter;

import java.util.OptionalInt;

/**
 * rpm's ordering of {@code [epoch:]version[-release]} strings, as librpm implements it:
 *
 * <ul>
 *   <li>The split into epoch, version and release follows {@code parseEVR} in rpm's
 *       {@code rpmio/rpmver.c}: the epoch is the digits before the first ':', the release is
 *       whatever follows the last '-'.
 *   <li>The three parts are compared as {@code rpmverCmp} (same file) does: epoch (missing = 0),
 *       then version, then release, each with {@code rpmvercmp}; a version without a release sorts
 *       before the same version with one.
 *   <li>{@code rpmvercmp} is a line-by-line port of rpm's {@code rpmio/rpmvercmp.cc} (formerly
 *       {@code lib/rpmvercmp.c}), tilde and caret included.
 *   <li>A part is valid only if rpmbuild would have let it into a package: {@code rpmCharCheck}
 *       with {@code ALLOWED_CHARS_VERREL} (ASCII alphanumerics and {@code ._+%{}~^}, no "..").
 *       Anything else (whitespace, non-ASCII, a non-numeric or empty epoch, an empty version or
 *       release, a second '-') makes the comparison empty.
 * </ul>
 */
final class RpmOrdering implements VersionOrdering {

    /** rpmbuild's ALLOWED_CHARS_VERREL, besides ASCII letters and digits. */
    private static final String ALLOWED = "._+%{}~^";

    @Override
    public OptionalInt compare(String left, String right) {
        Evr a = Evr.parse(left);
        Evr b = Evr.parse(right);
        if (a == null || b == null) {
            return OptionalInt.empty();
        }
        int sign = rpmvercmp(a.epoch(), b.epoch());
        if (sign == 0) {
            sign = rpmvercmp(a.version(), b.version());
        }
        if (sign == 0) {
            sign = compareReleases(a.release(), b.release());
        }
        return OptionalInt.of(sign);
    }

    /** rpmverCmp's compare_values: an absent release sorts before any present one. */
    private static int compareReleases(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return rpmvercmp(a, b);
    }

    /** An EVR split the way rpm splits it; release is null when there is no '-'. */
    private record Evr(String epoch, String version, String release) {

        static Evr parse(String evr) {
            String epoch = "0";
            String rest = evr;
            int colon = evr.indexOf(':');
            if (colon >= 0) {
                epoch = evr.substring(0, colon);
                // rpm reads ":1.0" as epoch 0; we refuse it, like any other epoch that is not a number.
                if (epoch.isEmpty() || !allDigits(epoch)) {
                    return null;
                }
                rest = evr.substring(colon + 1);
            }
            int dash = rest.lastIndexOf('-');
            String version = dash < 0 ? rest : rest.substring(0, dash);
            String release = dash < 0 ? null : rest.substring(dash + 1);
            if (!isAllowed(version) || (release != null && !isAllowed(release))) {
                return null;
            }
            return new Evr(epoch, version, release);
        }
    }

    /** rpmCharCheck(field, ALLOWED_CHARS_VERREL): what rpmbuild accepts as Version or Release. */
    private static boolean isAllowed(String part) {
        if (part.isEmpty() || part.contains("..")) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (!isAlphanumeric(c) && ALLOWED.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * rpmvercmp from rpmio/rpmvercmp.cc: walk both strings segment by segment, ignoring
     * separators. '~' sorts before anything, even the end; '^' sorts after the end but before
     * any further segment; a numeric segment beats an alphabetic one; numbers compare without
     * leading zeros, so any length of digits is fine.
     */
    static int rpmvercmp(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        int one = 0;
        int two = 0;
        int n = a.length();
        int m = b.length();
        while (one < n || two < m) {
            while (one < n && isSeparator(a.charAt(one))) {
                one++;
            }
            while (two < m && isSeparator(b.charAt(two))) {
                two++;
            }
            char x = one < n ? a.charAt(one) : 0;
            char y = two < m ? b.charAt(two) : 0;

            if (x == '~' || y == '~') {
                if (x != '~') {
                    return 1;
                }
                if (y != '~') {
                    return -1;
                }
                one++;
                two++;
                continue;
            }
            // Like '~', except that the side which has ended is the older one.
            if (x == '^' || y == '^') {
                if (one == n) {
                    return -1;
                }
                if (two == m) {
                    return 1;
                }
                if (x != '^') {
                    return 1;
                }
                if (y != '^') {
                    return -1;
                }
                one++;
                two++;
                continue;
            }
            if (one == n || two == m) {
                break;
            }

            // The segment type is decided by the left side; the right side takes a run of that type.
            int start1 = one;
            int start2 = two;
            boolean isNum = isDigit(x);
            if (isNum) {
                while (one < n && isDigit(a.charAt(one))) {
                    one++;
                }
                while (two < m && isDigit(b.charAt(two))) {
                    two++;
                }
            } else {
                while (one < n && isLetter(a.charAt(one))) {
                    one++;
                }
                while (two < m && isLetter(b.charAt(two))) {
                    two++;
                }
            }
            if (one == start1) {
                return -1; // cannot happen: the left side starts with an alphanumeric
            }
            if (two == start2) {
                return isNum ? 1 : -1; // numeric segments are newer than alphabetic ones
            }
            int rc = isNum
                    ? compareDigits(a, start1, one, b, start2, two)
                    : compareChars(a, start1, one, b, start2, two);
            if (rc != 0) {
                return rc;
            }
        }
        if (one == n && two == m) {
            return 0;
        }
        return one == n ? -1 : 1;
    }

    /** Numeric value of two digit runs: drop leading zeros, then the longer wins, then strcmp. */
    private static int compareDigits(String a, int from1, int to1, String b, int from2, int to2) {
        while (from1 < to1 && a.charAt(from1) == '0') {
            from1++;
        }
        while (from2 < to2 && b.charAt(from2) == '0') {
            from2++;
        }
        int lengths = Integer.compare(to1 - from1, to2 - from2);
        return lengths != 0 ? Integer.signum(lengths) : compareChars(a, from1, to1, b, from2, to2);
    }

    /** strcmp on two ASCII ranges. */
    private static int compareChars(String a, int from1, int to1, String b, int from2, int to2) {
        while (from1 < to1 && from2 < to2) {
            int d = a.charAt(from1++) - b.charAt(from2++);
            if (d != 0) {
                return Integer.signum(d);
            }
        }
        return Integer.signum((to1 - from1) - (to2 - from2));
    }

    private static boolean isSeparator(char c) {
        return !isAlphanumeric(c) && c != '~' && c != '^';
    }
}
