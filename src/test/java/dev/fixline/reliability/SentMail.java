package dev.fixline.reliability;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GreenMail SMTP server of one scenario's own, so that what it received can be counted per
 * notification: an owner's "is yours to fix" mail is keyed {@code ASSIGNED:{case id}}, as Fixline's
 * dedup key {@code {case id}:assigned} is. Two different messages for one key are a duplicate; the same
 * message (Message-ID) arriving twice is a re-delivery, counted apart.
 */
public final class SentMail implements AutoCloseable {

    private static final Pattern CASE = Pattern.compile("remediation case ([0-9a-f-]{36})");
    private final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    public SentMail() {
        smtp.start();
    }

    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.mail.host", "localhost");
        p.put("fixline.notification.digest.enabled", "false"); // each case's own mails are counted
        p.put("spring.mail.port", String.valueOf(smtp.getSmtp().getPort()));
        return p;
    }

    public int received() {
        return smtp.getReceivedMessages().length;
    }

    /** How many different messages (Message-IDs) arrived per notification key. */
    public Map<String, Integer> perKey() {
        Map<String, Set<String>> ids = new TreeMap<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            ids.computeIfAbsent(keyOf(message), k -> new HashSet<>()).add(messageId(message));
        }
        Map<String, Integer> counts = new TreeMap<>();
        ids.forEach((key, messages) -> counts.put(key, messages.size()));
        return counts;
    }

    /**
     * Copies of a message that arrived more than once (the same Message-ID): a mail sent again because a crash
     * struck between the server's acceptance and Fixline's record of it.
     */
    public int redelivered() {
        Map<String, Integer> copies = new HashMap<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            copies.merge(messageId(message), 1, Integer::sum);
        }
        return copies.values().stream().mapToInt(n -> n - 1).sum();
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String keyOf(MimeMessage message) {
        try {
            String subject = message.getSubject();
            Matcher caseId = CASE.matcher(dev.fixline.MailText.text(message));
            String kind = subject.contains("is yours to fix") ? "ASSIGNED" : subject;
            return kind + ":" + (caseId.find() ? caseId.group(1) : "?");
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        smtp.stop();
    }
}
