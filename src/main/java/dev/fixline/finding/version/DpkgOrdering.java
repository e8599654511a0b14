package dev.fixline.finding.version;

import static dev.fixline.finding.version.Ascii.allDigits;
import static dev.fixline.finding.version.Ascii.isDigit;
import static dev.fixline.finding.version.Ascii.isLetter;
import static dev.fixline.finding.version.Ascii.stripLeadingZeros;

import java.util.OptionalInt;

/**
 * Debian package versions, {@code [epoch:]upstream[-revision]}, ordered as Debian Policy §5.6.12
 * describes and as dpkg implements it: {@code parseversion} in {@code lib/dpkg/parsehelp.c} decides
 * what is valid, {@code dpkg_version_compare}, {@code verrevcmp} and {@code order} in
 * {@code lib/dpkg/version.c} decide the order (repository guillemj/dpkg).
 *
 * <p>Where dpkg only warns (an upstream version not starting with a digit, a character outside the
 * allowed sets) the version is treated as invalid here, as {@code dpkg --compare-versions} does in
 * its strict mode. The epoch must be plain decimal digits; dpkg's {@code strtol} would also take a
 * sign ({@code +1:0}), which no real package uses.
 */
final class DpkgOrdering implements VersionOrdering {

    /** dpkg refuses an epoch above {@code INT_MAX}. */
    private static final long MAX_EPOCH = Integer.MAX_VALUE;

    @Override
    public OptionalInt compare(String left, String right) {
        Version a = Version.parse(left);
        Version b = Version.parse(right);
        if (a == null || b == null) {
            return OptionalInt.empty();
        }
        int result = Long.compare(a.epoch(), b.epoch());
        if (result == 0) {
            result = verrevcmp(a.upstream(), b.upstream());
        }
        if (result == 0) {
            result = verrevcmp(a.revision(), b.revision());
        }
        return OptionalInt.of(Integer.signum(result));
    }

    /** A parsed version; an absent revision is the empty string, as in dpkg. */
    private record Version(long epoch, String upstream, String revision) {

        /** The version, or null when dpkg's {@code parseversion} would report an error or warning. */
        static Version parse(String text) {
            long epoch = 0;
            String rest = text;
            // The epoch is whatever precedes the first colon, so an upstream part can only hold a
            // colon when an epoch is present.
            int colon = text.indexOf(':');
            if (colon >= 0) {
                epoch = epoch(text.substring(0, colon));
                rest = text.substring(colon + 1);
                if (epoch < 0 || rest.isEmpty()) {
                    return null;
                }
            }
            // The revision follows the last hyphen; hyphens before it belong to the upstream part.
            int hyphen = rest.lastIndexOf('-');
            String upstream = hyphen < 0 ? rest : rest.substring(0, hyphen);
            String revision = hyphen < 0 ? "" : rest.substring(hyphen + 1);
            if (hyphen >= 0 && revision.isEmpty()) {
                return null;
            }
            if (upstream.isEmpty() || !isDigit(upstream.charAt(0))
                    || !allMadeOf(upstream, ".-+~:") || !allMadeOf(revision, ".+~")) {
                return null;
            }
            return new Version(epoch, upstream, revision);
        }

        /** The epoch's value, or -1 when it is empty, not a number or above {@code INT_MAX}. */
        private static long epoch(String digits) {
            if (digits.isEmpty() || !allDigits(digits)) {
                return -1;
            }
            String significant = stripLeadingZeros(digits);
            // Ten digits always fit a long, so the parse cannot throw; longer is too big anyway.
            if (significant.length() > 10) {
                return -1;
            }
            long value = significant.isEmpty() ? 0 : Long.parseLong(significant);
            return value > MAX_EPOCH ? -1 : value;
        }
    }

    /**
     * dpkg's {@code verrevcmp}: alternately compares a run of non-digits, character by character
     * by {@link #order}, and a run of digits by numeric value. A missing part counts as empty.
     */
    private static int verrevcmp(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while ((i < a.length() && !isDigit(a.charAt(i))) || (j < b.length() && !isDigit(b.charAt(j)))) {
                int ac = order(charAt(a, i));
                int bc = order(charAt(b, j));
                if (ac != bc) {
                    return ac - bc;
                }
                i++;
                j++;
            }
            int aStart = skipZeros(a, i);
            int bStart = skipZeros(b, j);
            i = skipDigits(a, aStart);
            j = skipDigits(b, bStart);
            // Without leading zeros the longer run of digits is the larger number; runs of equal
            // length compare digit by digit. No parsing, so a run of any length is fine.
            int lengths = Integer.compare(i - aStart, j - bStart);
            if (lengths != 0) {
                return lengths;
            }
            int digits = a.substring(aStart, i).compareTo(b.substring(bStart, j));
            if (digits != 0) {
                return digits;
            }
        }
        return 0;
    }

    /**
     * dpkg's {@code order}: '~' sorts before everything, even the end of the part; digits and the
     * end weigh nothing; letters sort before all other characters.
     */
    private static int order(char c) {
        if (isDigit(c)) {
            return 0;
        }
        if (isLetter(c)) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c == 0 ? 0 : c + 256;
    }

    /** The character at {@code index}, or NUL past the end, standing in for C's terminator. */
    private static char charAt(String s, int index) {
        return index < s.length() ? s.charAt(index) : 0;
    }

    private static int skipZeros(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) == '0') {
            i++;
        }
        return i;
    }

    private static int skipDigits(String s, int from) {
        int i = from;
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Whether every character is an ASCII letter or digit or one of {@code others}. */
    private static boolean allMadeOf(String s, String others) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isDigit(c) && !isLetter(c) && others.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }
}
