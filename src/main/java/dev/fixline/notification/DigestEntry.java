package dev.fixline.notification;

/**
 * One line of a digest that is not a stored notification: something waiting for its reader while it lasts (a
 * decision to take), offered by a {@link StandingDigestEntries}.
 *
 * @param person    the Fixline user it is for; {@code recipient} their mail address
 * @param section   the heading it is listed under
 * @param headline  the line itself; {@code detail} a second line, or null
 * @param since     since when it stands: a digest lists what stood at its time, later entries wait for the next
 */
public record DigestEntry(String person, String recipient, String section, String headline, String detail,
                          String caseUrl, String ticketUrl, java.time.Instant since) {
}
