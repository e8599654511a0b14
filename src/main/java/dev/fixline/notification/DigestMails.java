package dev.fixline.notification;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * A digest as its reader gets it: one mail with a section per kind of news (new cases, due soon, breaches,
 * decisions waiting), each entry with its case and ticket links; from {@code templates/mail/digest.txt} and
 * {@code digest.html}. Values are escaped in the HTML part.
 */
class DigestMails {

    /** A section's heading by the kind of the notifications it gathers. */
    private static final Map<String, String> SECTIONS = Map.of(
            "ASSIGNED", "New cases for you",
            "REMINDER_HALFWAY", "Due soon",
            "REMINDER", "Due soon",
            "BREACH", "SLA breached",
            "BREACH_REPEATED", "Still overdue",
            "ESCALATION", "Escalated to you");

    /**
     * The sections in the order they are listed, the most urgent first: when a digest is full, what is cut is
     * the least urgent. Standing entries (decisions waiting) come before all of these.
     */
    private static final List<String> ORDER = List.of("Escalated to you", "SLA breached", "Still overdue",
            "Due soon", "New cases for you");

    private static final String OTHER = "Other news";

    /** One line of a digest. */
    record Line(String headline, String detail, String caseUrl, String ticketUrl) {
    }

    /** A heading and its lines. */
    record Section(String heading, List<Line> lines) {
    }

    private final TemplateEngine text = MailTemplates.engine(TemplateMode.TEXT);
    private final TemplateEngine html = MailTemplates.engine(TemplateMode.HTML);
    private final int maxItems;

    DigestMails(int maxItems) {
        this.maxItems = maxItems;
    }

    /** @param ticketUrls where a case's ticket opens now, for notices written before it was open */
    Notification render(String dedupKey, NotificationTable.Reader reader, ZonedDateTime slot,
                        List<SentNotification> items, List<DigestEntry> standing,
                        Function<String, Optional<String>> ticketUrls) {
        Map<String, List<Line>> bySection = new LinkedHashMap<>();
        for (DigestEntry e : standing) {
            bySection.computeIfAbsent(e.section(), h -> new ArrayList<>())
                    .add(new Line(e.headline(), e.detail(), e.caseUrl(), e.ticketUrl()));
        }
        ORDER.forEach(heading -> bySection.putIfAbsent(heading, new ArrayList<>()));
        for (SentNotification n : items) {
            String ticketUrl = n.ticketUrl() != null || n.caseId() == null ? n.ticketUrl()
                    : ticketUrls.apply(n.caseId()).orElse(null);
            bySection.computeIfAbsent(SECTIONS.getOrDefault(n.kind(), OTHER), h -> new ArrayList<>())
                    .add(new Line(headline(n.subject()), null, n.caseUrl(), ticketUrl));
        }
        int total = items.size() + standing.size();
        List<Section> sections = new ArrayList<>();
        int room = maxItems;
        for (var s : bySection.entrySet()) {
            if (!s.getValue().isEmpty() && room > 0) {
                List<Line> shown = s.getValue().subList(0, Math.min(room, s.getValue().size()));
                room -= shown.size();
                sections.add(new Section(s.getKey() + " (" + s.getValue().size() + ")", shown));
            }
        }
        boolean weekly = reader.delivery() == Delivery.WEEKLY_DIGEST;
        String subject = "[Fixline] Your " + (weekly ? "weekly" : "daily") + " digest: " + summary(bySection);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("subject", subject);
        values.put("period", weekly ? "week" : "day");
        values.put("slot", slot.format(DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm (VV)", Locale.ENGLISH)));
        values.put("sections", sections);
        values.put("notShown", total - (maxItems - room));
        values.put("total", total);
        Context context = new Context(Locale.ENGLISH, values);
        return new Notification(dedupKey, weekly ? "DIGEST_WEEKLY" : "DIGEST_DAILY", Notification.Regarding.NOTHING,
                reader.person(), reader.recipient(), subject, text.process("digest", context).strip(),
                html.process("digest", context), Delivery.NOW);
    }

    /** {@code 50 new cases for you, 3 due soon}. */
    private static String summary(Map<String, List<Line>> bySection) {
        List<String> parts = new ArrayList<>();
        bySection.forEach((heading, lines) -> {
            if (!lines.isEmpty()) {
                String noun = heading.replace(" for you", "");
                if (lines.size() == 1) {
                    noun = noun.replace("cases", "case").replace("Decisions", "Decision");
                }
                boolean acronym = noun.length() > 1 && Character.isUpperCase(noun.charAt(1));
                parts.add(lines.size() + " " + (acronym ? noun : noun.substring(0, 1).toLowerCase(Locale.ROOT)
                        + noun.substring(1)));
            }
        });
        return String.join(", ", parts);
    }

    private static String headline(String subject) {
        return subject.startsWith("[Fixline] ") ? subject.substring("[Fixline] ".length()) : subject;
    }
}
