package dev.fixline.remediation;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * The words of the mails a case sends, as text templates in {@code templates/mail/}: the first line is
 * {@code Subject: …}, a blank line, then the body. Every template gets the case's facts ({@code caseId},
 * {@code title}, {@code due}, {@code owner}, {@code team}, {@code manager}, {@code details}); a mail's
 * own facts come on top. Values are put in as they are: a mail is plain text, and {@code Notification}
 * keeps the subject to one line and the body free of control characters.
 */
@Component
class CaseMails {

    /** A rendered mail. */
    record Mail(String subject, String body) {
    }

    private final TemplateEngine engine = new SpringTemplateEngine();

    CaseMails() {
        ClassLoaderTemplateResolver templates = new ClassLoaderTemplateResolver();
        templates.setPrefix("templates/mail/");
        templates.setSuffix(".txt");
        templates.setTemplateMode(TemplateMode.TEXT);
        templates.setCharacterEncoding("UTF-8");
        engine.setTemplateResolver(templates);
    }

    Mail render(String template, CaseView c) {
        return render(template, c, Map.of());
    }

    /** @param facts the mail's own values, beside the case's */
    Mail render(String template, CaseView c, Map<String, ?> facts) {
        Map<String, Object> values = new HashMap<>(caseFacts(c));
        values.put("details", text("details", values));
        values.putAll(facts);
        String text = text(template, values);
        int end = text.indexOf('\n');
        if (!text.startsWith("Subject: ") || end < 0) {
            throw new IllegalStateException("templates/mail/" + template + ".txt must start with 'Subject: '");
        }
        return new Mail(text.substring("Subject: ".length(), end), text.substring(end + 1).strip());
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
        facts.put("due", String.valueOf(c.dueAt()));
        facts.put("owner", String.valueOf(c.owner()));
        facts.put("team", String.valueOf(c.team()));
        facts.put("manager", String.valueOf(c.manager()));
        facts.put("vulnerability", c.vulnerabilityId());
        facts.put("severity", c.severity().label());
        facts.put("package", c.packageName());
        facts.put("repository", c.registryHost() + "/" + c.repository());
        facts.put("firstDetected", String.valueOf(c.firstDetectedAt()));
        return facts;
    }

    private String text(String template, Map<String, Object> values) {
        return engine.process(template, new Context(Locale.ROOT, values)).strip();
    }
}
