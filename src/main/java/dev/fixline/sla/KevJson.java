package dev.fixline.sla;

import dev.fixline.limits.AsciiCase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses the cisagov/kev-data JSON: {@code {"catalogVersion", "dateReleased", "count", "vulnerabilities":
 * [{"cveID", "dateAdded", "dueDate", …}]}}.
 */
final class KevJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");

    /**
     * The entries by CVE, the catalog's version and release time (either may be null) and how many entries
     * were unreadable.
     */
    record Parsed(Map<String, KevEntry> entries, String version, Instant released, int skipped) {
    }

    private KevJson() {
    }

    /**
     * Reads the catalog. A single unreadable entry is skipped and counted, so one typo upstream does not
     * hold back every other update; a document without a readable entry is refused, because an empty
     * catalog would silently take every KEV due date away.
     */
    static Parsed parse(byte[] json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        if (root == null || !root.isObject() || !root.path("vulnerabilities").isArray()) {
            throw new IOException("not a KEV catalog: no \"vulnerabilities\" array");
        }
        Map<String, KevEntry> entries = new HashMap<>();
        int skipped = 0;
        for (JsonNode node : root.get("vulnerabilities")) {
            KevEntry entry = entry(node);
            if (entry == null) {
                skipped++;
            } else {
                // A CVE listed twice keeps its earlier due date: the stricter reading.
                entries.merge(entry.cveId(), entry, (a, b) -> a.dueDate().isAfter(b.dueDate()) ? b : a);
            }
        }
        if (entries.isEmpty()) {
            throw new IOException(skipped == 0 ? "the KEV catalog has no entries"
                    : "the KEV catalog has no readable entries (" + skipped + " unreadable)");
        }
        String version = root.path("catalogVersion").isTextual() ? root.get("catalogVersion").asText() : null;
        return new Parsed(Map.copyOf(entries), version, released(text(root, "dateReleased")), skipped);
    }

    /** CISA writes e.g. {@code 2025-02-25T20:33:53.3676Z}; anything else is only not shown, never a failure. */
    private static Instant released(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static KevEntry entry(JsonNode node) {
        String cve = text(node, "cveID");
        if (cve == null || !CVE.matcher(AsciiCase.upper(cve)).matches()) {
            return null;
        }
        String added = text(node, "dateAdded");
        String due = text(node, "dueDate");
        if (added == null || due == null) {
            return null;
        }
        try {
            return new KevEntry(AsciiCase.upper(cve), LocalDate.parse(added), LocalDate.parse(due), text(node, "vendorProject"),
                    text(node, "product"), text(node, "vulnerabilityName"),
                    AsciiCase.equalsIgnoreCase("Known", text(node, "knownRansomwareCampaignUse")));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText().trim() : null;
    }
}
