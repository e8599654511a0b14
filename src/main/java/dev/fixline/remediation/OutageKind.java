package dev.fixline.remediation;

import java.util.List;

/**
 * The servers whose outages Fixline's steps wait out, and the note an incident of theirs carries
 * (Camunda's incident annotation, shown in Cockpit). The note is how {@link OutageRecovery} finds the
 * incidents to retry once the server answers again.
 */
enum OutageKind {

    TRACKER("ticketing", "The ticket tracker could not be reached or asked to wait", TicketingHealthIndicator.TICKET_STEPS),
    MAIL("mail", "The SMTP server could not take mail", MailHealthIndicator.MAIL_STEPS);

    /** Steps that failed because the case's ticket was not open yet; they go on once it is. */
    static final String WAITING_FOR_TICKET = "waiting-for-ticket: the case's ticket is not open yet; Fixline retries "
            + "this step by itself once it is";

    private final String key;
    private final String what;
    private final List<String> steps;

    OutageKind(String key, String what, List<String> steps) {
        this.key = key;
        this.what = what;
        this.steps = steps;
    }

    /** {@code outage:ticketing: …}: written on an incident that an outage of this server caused. */
    String annotation() {
        return prefix() + " " + what + "; Fixline retries this step by itself once it answers again";
    }

    String prefix() {
        return "outage:" + key + ":";
    }

    String key() {
        return key;
    }

    List<String> steps() {
        return steps;
    }
}
