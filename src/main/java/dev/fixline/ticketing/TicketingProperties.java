package dev.fixline.ticketing;

import dev.fixline.finding.Severity;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How cases become tickets, whichever tracker keeps them.
 *
 * @param defaultProject       the project of cases whose ownership rule names no ticket project
 * @param caseUrl              the link to a case written into its ticket; {@code {id}} is the case id
 * @param label                the label every Fixline ticket carries (reconciliation searches by it)
 * @param priorities           tracker priority per severity
 * @param priorityLadder       the tracker's priorities, lowest first; a breach raises a ticket one step
 * @param unknownRecheckDelay  how long to wait before looking for a ticket whose create got no answer
 *                             (Jira Cloud's search is eventually consistent)
 * @param createTimeout        how long a create marked as being sent belongs to the worker sending it; after
 *                             that the worker is presumed dead and the ticket is looked for (longer than the
 *                             tracker's read timeout)
 * @param exceptionResolutions resolutions that mean "we will not fix this" and become an exception request
 * @param webhookSecret        the secret of Jira's webhook; without it the webhook is refused
 * @param reconcile            the periodic search for changes a webhook missed
 */
@ConfigurationProperties("fixline.ticketing")
public record TicketingProperties(
        @DefaultValue("FIX") String defaultProject,
        @DefaultValue("http://localhost:8080/cases/{id}") String caseUrl,
        @DefaultValue("fixline") String label,
        Map<Severity, String> priorities,
        @DefaultValue({"Lowest", "Low", "Medium", "High", "Highest"}) List<String> priorityLadder,
        @DefaultValue("PT1M") Duration unknownRecheckDelay,
        @DefaultValue("PT2M") Duration createTimeout,
        @DefaultValue({"Won't Do", "Won't Fix", "Declined"}) List<String> exceptionResolutions,
        String webhookSecret,
        @DefaultValue Reconcile reconcile) {

    public TicketingProperties {
        Map<Severity, String> merged = new EnumMap<>(Map.of(Severity.CRITICAL, "Highest", Severity.HIGH, "High",
                Severity.MEDIUM, "Medium", Severity.LOW, "Low"));
        if (priorities != null) {
            merged.putAll(priorities);
        }
        priorities = Map.copyOf(merged);
        priorityLadder = List.copyOf(priorityLadder);
        exceptionResolutions = List.copyOf(exceptionResolutions);
        if (!label.matches("[a-z0-9][a-z0-9_.-]*")) {
            throw new IllegalArgumentException("fixline.ticketing.label must be lowercase letters, digits, '-', '_' "
                    + "or '.' (a Jira label has no spaces): " + label);
        }
        if (unknownRecheckDelay.isNegative()) {
            throw new IllegalArgumentException("fixline.ticketing.unknown-recheck-delay must not be negative");
        }
    }

    /** Never prints the webhook secret. */
    @Override
    public String toString() {
        return "TicketingProperties[defaultProject=" + defaultProject + ", caseUrl=" + caseUrl + ", label=" + label
                + ", priorities=" + priorities + ", priorityLadder=" + priorityLadder + ", unknownRecheckDelay="
                + unknownRecheckDelay + ", createTimeout=" + createTimeout + ", exceptionResolutions="
                + exceptionResolutions + ", webhookSecret=" + (webhookSecret == null ? "(not set)" : "(set)")
                + ", reconcile=" + reconcile + "]";
    }

    /** The tracker priority for a severity (the unknown severity is treated as Low). */
    public String priorityOf(Severity severity) {
        return priorities.getOrDefault(severity, priorities.get(Severity.LOW));
    }

    /** One step up the ladder from the severity's priority; the top stays the top. */
    public String raisedPriorityOf(Severity severity) {
        String base = priorityOf(severity);
        int at = priorityLadder.indexOf(base);
        return at < 0 || at + 1 >= priorityLadder.size() ? base : priorityLadder.get(at + 1);
    }

    public String caseLink(String caseId) {
        return caseUrl.replace("{id}", caseId);
    }

    /**
     * @param enabled  off to rely on webhooks alone
     * @param interval how often to search Jira for Fixline tickets changed since the last search
     * @param overlap  how far each search reaches back before the previous one (clock skew, Jira's time zone)
     */
    public record Reconcile(@DefaultValue("true") boolean enabled, @DefaultValue("PT15M") Duration interval,
                            @DefaultValue("PT2H") Duration overlap) {
    }
}
