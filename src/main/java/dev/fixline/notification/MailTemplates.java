package dev.fixline.notification;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/** The templates of mails, in {@code templates/mail/}: {@code .txt} for the text part, {@code .html} for HTML. */
public final class MailTemplates {

    private MailTemplates() {
    }

    /** Escapes values in HTML; puts them in as they are in text. */
    public static TemplateEngine engine(TemplateMode mode) {
        ClassLoaderTemplateResolver templates = new ClassLoaderTemplateResolver();
        templates.setPrefix("templates/mail/");
        templates.setSuffix(mode == TemplateMode.HTML ? ".html" : ".txt");
        templates.setTemplateMode(mode);
        templates.setCharacterEncoding("UTF-8");
        TemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(templates);
        return engine;
    }
}
