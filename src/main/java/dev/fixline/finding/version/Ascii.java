package dev.fixline.finding.version;

/**
 * Character classes and number comparison shared by the orderings. Every reference implementation
 * uses ASCII classes (C's {@code isdigit}/{@code isalpha} in the C locale, Python's ASCII patterns),
 * so other scripts' digits and letters never count. Numbers are compared as digit strings, never
 * parsed, so no length overflows.
 */
final class Ascii {

    private Ascii() {
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    static boolean isAlphanumeric(char c) {
        return isDigit(c) || isLetter(c);
    }

    /** True when every character is a digit; also for the empty string. */
    static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A non-empty run of digits. */
    static boolean isNumber(String s) {
        return !s.isEmpty() && allDigits(s);
    }

    /** The digits without their leading zeros; "" for a run of zeros. */
    static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    /** The sign of the difference of two runs of digits by value: zeros off, the longer wins, then the text. */
    static int compareNumbers(String a, String b) {
        String x = stripLeadingZeros(a);
        String y = stripLeadingZeros(b);
        if (x.length() != y.length()) {
            return Integer.compare(x.length(), y.length());
        }
        return Integer.signum(x.compareTo(y));
    }
}
