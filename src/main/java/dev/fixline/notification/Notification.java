package dev.fixline.notification;

/**
 * A message to one person.
 *
 * @param dedupKey  the same key is delivered once, however often it is sent (retries, restarts)
 * @param regarding the case it is about (none for a digest)
 * @param person    the Fixline user it is for, when known: they (and their team) see it at {@code GET /api/notifications}
 * @param body      the plain-text part; {@code html} the HTML part, or null for a plain-text mail
 */
public record Notification(String dedupKey, String kind, Regarding regarding, String person, String recipient,
                           String subject, String body, String html, Delivery delivery) {

    /** The case a notification is about, and the links its reader follows. */
    public record Regarding(String caseId, String team, String caseUrl, String ticketUrl) {

        public static final Regarding NOTHING = new Regarding(null, null, null, null);
    }

    public Notification {
        regarding = regarding == null ? Regarding.NOTHING : regarding;
        delivery = delivery == null ? Delivery.NOW : delivery;
    }

    /** A plain-text notice about a case, sent at once. */
    public Notification(String dedupKey, String kind, String caseId, String recipient, String subject, String body) {
        this(dedupKey, kind, new Regarding(caseId, null, null, null), null, recipient, subject, body, null,
                Delivery.NOW);
    }

    public String caseId() {
        return regarding.caseId();
    }

    Notification withText(String subject, String body, String html) {
        return new Notification(dedupKey, kind, regarding, person, recipient, subject, body, html, delivery);
    }

    Notification deliveredNow() {
        return new Notification(dedupKey, kind, regarding, person, recipient, subject, body, html, Delivery.NOW);
    }
}
