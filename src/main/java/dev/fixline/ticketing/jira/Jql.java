package dev.fixline.ticketing.jira;

/** Values put into JQL, always as quoted strings so that labels and keys cannot change the query. */
final class Jql {

    private Jql() {
    }

    /** {@code "value"} with backslash and quote escaped, and line breaks removed. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n', '\r', '\t' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
