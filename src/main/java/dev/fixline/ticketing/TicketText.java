package dev.fixline.ticketing;

import java.util.ArrayList;
import java.util.List;

/**
 * Text Fixline writes into a ticket (a description or a comment), as a few simple blocks that each
 * tracker renders its own way: wiki markup for Jira REST v2, Atlassian Document Format for v3,
 * plain text for the built-in ticket log.
 */
public record TicketText(List<Block> blocks) {

    public TicketText {
        blocks = List.copyOf(blocks);
    }

    public sealed interface Block permits Heading, Paragraph, Field, Link, Bullets {
    }

    /** A small heading. */
    public record Heading(String text) implements Block {
    }

    /** Plain text. */
    public record Paragraph(String text) implements Block {
    }

    /** A label in bold followed by its value, e.g. "Severity: High". */
    public record Field(String label, String value) implements Block {
    }

    /** A link with its text. */
    public record Link(String text, String url) implements Block {
    }

    /** An unordered list. */
    public record Bullets(List<String> items) implements Block {
        public Bullets {
            items = List.copyOf(items);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static TicketText of(String paragraph) {
        return builder().paragraph(paragraph).build();
    }

    /** The text without markup, one block per line; what the built-in log stores and what tests read. */
    public String plain() {
        StringBuilder out = new StringBuilder();
        for (Block b : blocks) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            if (b instanceof Heading h) {
                out.append(h.text());
            } else if (b instanceof Paragraph p) {
                out.append(p.text());
            } else if (b instanceof Field f) {
                out.append(f.label()).append(": ").append(f.value());
            } else if (b instanceof Link l) {
                out.append(l.text()).append(": ").append(l.url());
            } else if (b instanceof Bullets list) {
                out.append(String.join("\n", list.items().stream().map(i -> "- " + i).toList()));
            }
        }
        return out.toString();
    }

    public static final class Builder {
        private final List<Block> blocks = new ArrayList<>();

        public Builder heading(String text) {
            blocks.add(new Heading(text));
            return this;
        }

        public Builder paragraph(String text) {
            blocks.add(new Paragraph(text));
            return this;
        }

        public Builder field(String label, Object value) {
            blocks.add(new Field(label, value == null ? "—" : value.toString()));
            return this;
        }

        public Builder link(String text, String url) {
            blocks.add(new Link(text, url));
            return this;
        }

        public Builder bullets(List<String> items) {
            if (!items.isEmpty()) {
                blocks.add(new Bullets(items));
            }
            return this;
        }

        public TicketText build() {
            return new TicketText(blocks);
        }
    }
}
