package dev.fixline.ticketing.jira;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Null-tolerant reads of Jira's JSON: absent and JSON null both give null. */
final class Json {

    private Json() {
    }

    /** The text at a path of field names, or null. */
    static String text(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n == null || n.isNull() || n.isMissingNode() || n.isContainerNode() ? null : n.asText();
    }

    static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String name : path) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(name);
        }
        return n == null || n.isNull() || n.isMissingNode() ? null : n;
    }

    /** Status category keys are lower case ({@code new}, {@code indeterminate}, {@code done}); made sure of. */
    static String lower(String s) {
        return dev.fixline.limits.AsciiCase.lower(s);
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(n -> {
                if (!n.isNull()) {
                    out.add(n.asText());
                }
            });
        }
        return out;
    }
}
