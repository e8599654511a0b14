package dev.fixline;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import java.io.IOException;

/** The decoded parts of a received mail, as a mail program shows them. */
public final class MailText {

    private MailText() {
    }

    /** The plain-text part (the whole body of a plain-text mail). */
    public static String text(Part mail) {
        return part(mail, "text/plain");
    }

    /** The HTML part; null for a plain-text mail. */
    public static String html(Part mail) {
        return part(mail, "text/html");
    }

    private static String part(Part mail, String type) {
        try {
            return find(mail, type);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("unreadable mail", e);
        }
    }

    private static String find(Part p, String type) throws MessagingException, IOException {
        if (p.isMimeType(type)) {
            return (String) p.getContent();
        }
        if (p.getContent() instanceof Multipart multi) {
            for (int i = 0; i < multi.getCount(); i++) {
                String found = find(multi.getBodyPart(i), type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
