package dev.fixline.limits;

/**
 * Case-insensitive matching of the ASCII names in inputs (severities, statuses, column and field names,
 * clouds). Java's {@link String#equalsIgnoreCase} and {@code toUpperCase(Locale.ROOT)} fold letters of other
 * scripts onto ASCII ({@code ı} to {@code I}, {@code ſ} to {@code S}, the Kelvin sign to {@code k}, {@code ﬁ}
 * to {@code FI}), so that {@code Crıtıcal} would pass for {@code Critical}. Here only A-Z and a-z fold.
 */
public final class AsciiCase {

    private AsciiCase() {
    }

    public static boolean equalsIgnoreCase(String a, String b) {
        if (a == null || b == null || a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            if (lower(a.charAt(i)) != lower(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The value with A-Z lowered; every other character as it is. */
    public static String lower(String s) {
        if (s == null) {
            return null;
        }
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = lower(chars[i]);
        }
        return new String(chars);
    }

    /** The value with a-z raised; every other character as it is. */
    public static String upper(String s) {
        if (s == null) {
            return null;
        }
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            chars[i] = c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
        }
        return new String(chars);
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}
