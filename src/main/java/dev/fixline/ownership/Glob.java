package dev.fixline.ownership;

import java.util.regex.Pattern;

/**
 * A case-insensitive, anchored glob: {@code *} within one path segment, {@code **} across segments,
 * {@code ?} one character (not {@code /}); everything else is literal.
 */
final class Glob {

    private final String text;
    private final Pattern pattern;

    private Glob(String text) {
        this.text = text;
        this.pattern = Pattern.compile(regex(text), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** The glob, or null when the text is blank: a blank glob sets no condition. */
    static Glob of(String text) {
        return text == null || text.isBlank() ? null : new Glob(text);
    }

    boolean matches(String value) {
        return pattern.matcher(value == null ? "" : value).matches();
    }

    String text() {
        return text;
    }

    private static String regex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
