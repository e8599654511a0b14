package dev.fixline.ticketing.jira;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fixline.ticketing.TicketText;

/** Turns Fixline's text blocks into the body Jira expects for a description or a comment. */
interface TextRenderer {

    /** An ADF document (REST v3) or a wiki-markup string node (REST v2). */
    JsonNode render(TicketText text);

    /** Only http(s) links become links; anything else (javascript:, file:, data:) is shown as text. */
    static boolean linkable(String url) {
        if (url == null) {
            return false;
        }
        String u = url.trim().toLowerCase(java.util.Locale.ROOT);
        return u.startsWith("https://") || u.startsWith("http://");
    }
}
