package dev.fixline.limits;

/**
 * Control characters (C0, DEL and C1: what {@link Character#isISOControl} says) in values Fixline keeps.
 * PostgreSQL refuses a NUL in text, a line break in a mail header starts a new header, and none of them
 * belongs in a name, an id or a version. The rules, one per kind of value (docs: configuration.md):
 * <ul>
 * <li>names, ids, versions and other one-line values are refused with any control character;</li>
 * <li>free text (a reason, a comment) may hold TAB, CR and LF, and is refused with any other;</li>
 * <li>text Fixline composes for a mail header has each run of control characters replaced by one space.</li>
 * </ul>
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /** The index of the first control character of a one-line value, or -1 when there is none (or no value). */
    public static int inLine(String value) {
        if (value == null) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** As {@link #inLine}, allowing the TAB, CR and LF of free text. */
    public static int inText(String value) {
        if (value == null) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\r' && c != '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Why a value found by {@link #inLine} or {@link #inText} is refused: {@code holds a NUL (U+0000) at character 4}. */
    public static String describe(String value, int index) {
        char c = value.charAt(index);
        String name = switch (c) {
            case 0 -> "a NUL";
            case '\t' -> "a TAB";
            case '\n' -> "a line feed";
            case '\r' -> "a carriage return";
            case 0x1B -> "an ESC";
            case 0x7F -> "a DEL";
            default -> "a control character";
        };
        return String.format("holds %s (U+%04X) at character %d", name, (int) c, index + 1);
    }

    /** A one-line value for a mail header: each run of control characters (line breaks too) becomes one space. */
    public static String oneLine(String value) {
        if (inLine(value) < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        boolean inRun = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                if (!inRun) {
                    out.append(' ');
                }
                inRun = true;
            } else {
                out.append(c);
                inRun = false;
            }
        }
        return out.toString();
    }

    /** Free text without the control characters it may not hold (TAB, CR and LF stay). */
    public static String text(String value) {
        if (inText(value) < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!Character.isISOControl(c) || c == '\t' || c == '\r' || c == '\n') {
                out.append(c);
            }
        }
        return out.toString();
    }
}
