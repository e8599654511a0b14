package dev.fixline.ticketing.jira;

import dev.fixline.ticketing.TicketTarget;
import dev.fixline.ticketing.TrackerRejectedException;
import java.util.List;
import java.util.Map;

/**
 * The workflow offers no transition to where Fixline wants it, from its current status. Nothing was
 * sent; like a rejection it needs a person (the transition name in the configuration, or the workflow).
 * {@link #status()} is 409 (the request conflicts with the current state).
 */
public class NoMatchingTransitionException extends TrackerRejectedException {

    private final String detail;

    NoMatchingTransitionException(String key, TicketTarget target, String configuredName, String category,
                                  String currentStatus, List<Transition> available) {
        this(detail(key, target, configuredName, category, currentStatus, available));
    }

    private NoMatchingTransitionException(String detail) {
        super("Jira transition", 409, List.of(detail), Map.of());
        this.detail = detail;
    }

    private static String detail(String key, TicketTarget target, String configuredName, String category,
                                 String currentStatus, List<Transition> available) {
        return "Jira transition of " + key + " to " + target + ": from status '" + currentStatus
                + "' there is no transition named '" + configuredName + "' nor one into status category '"
                + category + "'; available: "
                + (available.isEmpty() ? "none" : String.join(", ", available.stream().map(Transition::toString)
                        .toList()));
    }

    @Override
    public String getMessage() {
        return detail;
    }
}
