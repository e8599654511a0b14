package dev.fixline.ticketing.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fixline.ticketing.TicketText;
import dev.fixline.ticketing.TicketText.Block;
import dev.fixline.ticketing.TicketText.Bullets;
import dev.fixline.ticketing.TicketText.Field;
import dev.fixline.ticketing.TicketText.Heading;
import dev.fixline.ticketing.TicketText.Link;
import dev.fixline.ticketing.TicketText.Paragraph;
import java.util.ArrayList;
import java.util.List;

/**
 * Jira wiki markup for REST v2 (Data Center). Finding data (package names, paths, scanner output) is user
 * text: it is escaped so that it cannot open links, macros, tables, images or lists.
 */
final class WikiRenderer implements TextRenderer {

    /** Characters that start markup anywhere in a line; Jira reads {@code \X} as a literal X. */
    private static final String INLINE_SPECIAL = "|[]{}!";
    /** Characters that start markup at the beginning of a line: bold/italic, lists, rules. */
    private static final String LINE_START_SPECIAL = "*_#-";
    /**
     * Wiki markup has no escape for a backslash itself ({@code \\} is a line break), and a user backslash
     * in front of our escapes would undo them; it is shown as the look-alike U+29F5.
     */
    static final char BACKSLASH_STAND_IN = '\u29F5';

    @Override
    public JsonNode render(TicketText text) {
        return TextNode.valueOf(wiki(text));
    }

    String wiki(TicketText text) {
        List<String> parts = new ArrayList<>();
        Block previous = null;
        for (Block block : text.blocks()) {
            // A blank line ends a list and opens a section; fields and paragraphs follow line by line.
            if (previous != null && (block instanceof Heading || previous instanceof Bullets)) {
                parts.add("");
            }
            parts.add(block(block));
            previous = block;
        }
        return String.join("\n", parts);
    }

    private String block(Block block) {
        if (block instanceof Heading h) {
            return "h3. " + line(h.text());
        }
        if (block instanceof Paragraph p) {
            return lines(p.text());
        }
        if (block instanceof Field f) {
            return "*" + line(f.label()) + ":* " + line(f.value());
        }
        if (block instanceof Link l) {
            if (!TextRenderer.linkable(l.url())) {
                return line(l.text() + ": " + l.url());
            }
            String shown = l.text() == null || l.text().isEmpty() ? l.url().trim() : l.text();
            return "[" + line(shown) + "|" + url(l.url().trim()) + "]";
        }
        if (block instanceof Bullets b) {
            List<String> items = new ArrayList<>();
            for (String item : b.items()) {
                items.add("* " + line(item));
            }
            return String.join("\n", items);
        }
        throw new IllegalArgumentException("unknown block " + block);
    }

    /** Text that must stay on one line (heading, field, list item, link text): line breaks become spaces. */
    static String line(String text) {
        return escape(text == null ? "" : text.replaceAll("\r?\n|\r", " "));
    }

    /** A paragraph keeps its line breaks; each line is escaped on its own. */
    private static String lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : (text == null ? "" : text).split("\r?\n", -1)) {
            out.add(escape(l));
        }
        return String.join("\n", out);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        boolean lineStart = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                out.append(BACKSLASH_STAND_IN);
            } else if (INLINE_SPECIAL.indexOf(c) >= 0 || (lineStart && LINE_START_SPECIAL.indexOf(c) >= 0)) {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
            lineStart = lineStart && Character.isWhitespace(c);
        }
        return out.toString();
    }

    /** Characters that would end the link or start markup inside it, percent-encoded. */
    private static String url(String url) {
        StringBuilder out = new StringBuilder(url.length());
        for (char c : url.toCharArray()) {
            switch (c) {
                case '|' -> out.append("%7C");
                case '[' -> out.append("%5B");
                case ']' -> out.append("%5D");
                case '{' -> out.append("%7B");
                case '}' -> out.append("%7D");
                case ' ' -> out.append("%20");
                case '\\' -> out.append("%5C");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
