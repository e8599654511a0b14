package dev.fixline.remediation;

import dev.fixline.notification.MailTemplates;
import dev.fixline.notification.TicketUrls;
import dev.fixline.ticketing.TicketLink;
import dev.fixline.ticketing.Tickets;
import dev.fixline.ticketing.TicketingProperties;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * The words of the mails a case sends, as text templates in {@code templates/mail/}: the first line is
 * {@code Subject: …}, a blank line, then the body. Every template gets the case's facts ({@code caseId},
 * {@code title}, {@code due}, {@code owner}, {@code team}, {@code manager}, {@code details}); a mail's
 * own facts come on top. Every mail ends with the links to the case and, once it is open, its ticket; its HTML
 * part ({@code templates/mail/case.html}) shows the same text, its {@code Label: value} lines as a table, and the
 * links as buttons. Values are put in the text as they are (a mail is plain text, and {@code Notification}
 * keeps the subject to one line and the body free of control characters) and escaped in the HTML.
 */
@Component
class CaseMails implements TicketUrls {

    /** A rendered mail, with the links it carries. */
    record Mail(String subject, String body, String html, String caseUrl, String ticketUrl) {
    }

    /** Where a reader opens the case, and its ticket once it is open. */
    record Links(String caseUrl, String ticketUrl) {
    }

    /** A paragraph of a mail's HTML part: lines of text, or {@code Label: value} rows. */
    record Block(List<String> lines, List<List<String>> facts) {
    }

    private static final Pattern FACT = Pattern.compile("([A-Z][A-Za-z /()-]{0,40}): (.+)");

    private final TemplateEngine text = MailTemplates.engine(TemplateMode.TEXT);
    private final TemplateEngine html = MailTemplates.engine(TemplateMode.HTML);
    private final Function<String, String> caseLink;
    private final Function<String, Optional<TicketLink>> ticketOf;

    @Autowired
    CaseMails(TicketingProperties ticketing, Tickets tickets) {
        this(ticketing::caseLink, tickets::linkOf);
    }

    CaseMails(Function<String, String> caseLink, Function<String, Optional<TicketLink>> ticketOf) {
        this.caseLink = caseLink;
        this.ticketOf = ticketOf;
    }

    Links links(CaseView c) {
        return new Links(caseLink.apply(c.id()), of(c.id()).orElse(null));
    }

    @Override
    public Optional<String> of(String caseId) {
        return ticketOf.apply(caseId).filter(TicketLink::linked).map(TicketLink::url);
    }

    Mail render(String template, CaseView c) {
        return render(template, c, Map.of());
    }

    /** @param facts the mail's own values, beside the case's; instants are written as {@link #when} */
    Mail render(String template, CaseView c, Map<String, ?> facts) {
        Map<String, Object> values = new HashMap<>(caseFacts(c));
        values.put("details", text("details", values));
        facts.forEach((name, value) -> values.put(name, value instanceof Instant at ? when(at) : value));
        String rendered = text(template, values);
        int end = rendered.indexOf('\n');
        if (!rendered.startsWith("Subject: ") || end < 0) {
            throw new IllegalStateException("templates/mail/" + template + ".txt must start with 'Subject: '");
        }
        String subject = rendered.substring("Subject: ".length(), end);
        String body = rendered.substring(end + 1).strip();
        String caseUrl = caseLink.apply(c.id());
        Optional<TicketLink> ticket = ticketOf.apply(c.id()).filter(TicketLink::linked);
        String ticketUrl = ticket.map(TicketLink::url).orElse(null);
        String ticketName = ticket.map(t -> t.key() + (t.url() == null ? " (in Fixline's built-in ticket log)"
                : " " + t.url())).orElse(null);
        String links = "Case in Fixline: " + caseUrl + (ticketName == null ? "" : "\nTicket: " + ticketName);
        Map<String, Object> page = new HashMap<>();
        page.put("subject", subject);
        page.put("severity", c.severity().label());
        page.put("blocks", blocks(body));
        page.put("caseUrl", caseUrl);
        page.put("ticketUrl", ticketUrl);
        page.put("ticketKey", ticket.map(TicketLink::key).orElse(null));
        return new Mail(subject, body + "\n\n" + links,
                html.process("case", new Context(Locale.ENGLISH, page)), caseUrl, ticketUrl);
    }

    /** The body's paragraphs, each split in runs of plain lines and of {@code Label: value} lines. */
    static List<Block> blocks(String body) {
        List<Block> blocks = new ArrayList<>();
        for (String paragraph : body.split("\n\\s*\n")) {
            List<String> lines = new ArrayList<>();
            List<List<String>> facts = new ArrayList<>();
            for (String line : paragraph.strip().split("\n")) {
                Matcher fact = FACT.matcher(line.strip());
                if (fact.matches()) {
                    if (!lines.isEmpty()) {
                        blocks.add(new Block(lines, List.of()));
                        lines = new ArrayList<>();
                    }
                    facts.add(List.of(fact.group(1), fact.group(2)));
                } else {
                    if (!facts.isEmpty()) {
                        blocks.add(new Block(List.of(), facts));
                        facts = new ArrayList<>();
                    }
                    lines.add(line);
                }
            }
            if (!lines.isEmpty() || !facts.isEmpty()) {
                blocks.add(new Block(lines, facts));
            }
        }
        return blocks;
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm 'UTC'",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** {@code Mon 9 Nov 2026, 06:20 UTC}: a time as a reader reads it, the same for every reader. */
    static String when(Instant at) {
        return at == null ? "not set" : WHEN.format(at);
    }

    /** {@code [High] CVE-… in openssl — registry/repository}: how a case is named in subjects and tickets. */
    static String title(CaseView c) {
        return "[" + c.severity().label() + "] " + c.vulnerabilityId() + " in " + c.packageName() + " — "
                + c.registryHost() + "/" + c.repository();
    }

    private static Map<String, Object> caseFacts(CaseView c) {
        Map<String, Object> facts = new HashMap<>();
        facts.put("caseId", c.id());
        facts.put("title", title(c));
        facts.put("due", when(c.dueAt()));
        facts.put("owner", String.valueOf(c.owner()));
        facts.put("team", String.valueOf(c.team()));
        facts.put("manager", String.valueOf(c.manager()));
        facts.put("vulnerability", c.vulnerabilityId());
        facts.put("severity", c.severity().label());
        facts.put("package", c.packageName());
        facts.put("repository", c.registryHost() + "/" + c.repository());
        facts.put("firstDetected", when(c.firstDetectedAt()));
        return facts;
    }

    private String text(String template, Map<String, Object> values) {
        return text.process(template, new Context(Locale.ROOT, values)).strip();
    }
}
