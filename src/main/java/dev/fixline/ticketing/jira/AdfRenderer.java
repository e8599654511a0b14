package dev.fixline.ticketing.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.ticketing.TicketText;
import dev.fixline.ticketing.TicketText.Block;
import dev.fixline.ticketing.TicketText.Bullets;
import dev.fixline.ticketing.TicketText.Field;
import dev.fixline.ticketing.TicketText.Heading;
import dev.fixline.ticketing.TicketText.Link;
import dev.fixline.ticketing.TicketText.Paragraph;

/**
 * Atlassian Document Format for Jira Cloud REST v3. User text only ever lands in {@code text} nodes, so it
 * cannot add markup. ADF rejects empty text nodes, so empty strings are left out, and a line break inside a
 * text becomes a {@code hardBreak} node.
 */
final class AdfRenderer implements TextRenderer {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Override
    public JsonNode render(TicketText text) {
        ObjectNode doc = JSON.objectNode().put("type", "doc").put("version", 1);
        ArrayNode content = doc.putArray("content");
        for (Block block : text.blocks()) {
            content.add(block(block));
        }
        return doc;
    }

    private ObjectNode block(Block block) {
        if (block instanceof Heading h) {
            ObjectNode heading = node("heading");
            heading.putObject("attrs").put("level", 3);
            addText(heading.putArray("content"), h.text(), null);
            return heading;
        }
        if (block instanceof Paragraph p) {
            return paragraph(p.text());
        }
        if (block instanceof Field f) {
            ObjectNode paragraph = node("paragraph");
            ArrayNode content = paragraph.putArray("content");
            addText(content, f.label() + ": ", JSON.arrayNode().add(node("strong")));
            addText(content, f.value(), null);
            return paragraph;
        }
        if (block instanceof Link l) {
            if (!TextRenderer.linkable(l.url())) {
                return paragraph(l.text() + ": " + l.url());
            }
            ObjectNode link = node("link");
            link.putObject("attrs").put("href", l.url().trim());
            ObjectNode paragraph = node("paragraph");
            String shown = l.text() == null || l.text().isEmpty() ? l.url().trim() : l.text();
            addText(paragraph.putArray("content"), shown, JSON.arrayNode().add(link));
            return paragraph;
        }
        if (block instanceof Bullets b) {
            ObjectNode list = node("bulletList");
            ArrayNode items = list.putArray("content");
            for (String item : b.items()) {
                ObjectNode listItem = node("listItem");
                listItem.putArray("content").add(paragraph(item));
                items.add(listItem);
            }
            return list;
        }
        throw new IllegalArgumentException("unknown block " + block);
    }

    private ObjectNode paragraph(String text) {
        ObjectNode paragraph = node("paragraph");
        addText(paragraph.putArray("content"), text, null);
        return paragraph;
    }

    private static void addText(ArrayNode content, String text, ArrayNode marks) {
        if (text == null || text.isEmpty()) {
            return;
        }
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                content.add(node("hardBreak"));
            }
            if (!lines[i].isEmpty()) {
                ObjectNode node = node("text").put("text", lines[i]);
                if (marks != null) {
                    node.set("marks", marks.deepCopy());
                }
                content.add(node);
            }
        }
    }

    private static ObjectNode node(String type) {
        return JSON.objectNode().put("type", type);
    }
}
