package dev.fixline.ticketing;

import java.util.List;
import java.util.Map;

/**
 * The tracker refused the request (4xx other than 429): trying again will not help until someone fixes
 * the configuration or the data. Carries Jira's {@code errorMessages} and {@code errors}, which end up in
 * the incident.
 */
public class TrackerRejectedException extends RuntimeException {

    private final int status;
    private final List<String> errorMessages;
    private final Map<String, String> errors;

    public TrackerRejectedException(String request, int status, List<String> errorMessages,
                                    Map<String, String> errors) {
        super(request + " was rejected with HTTP " + status + describe(errorMessages, errors));
        this.status = status;
        this.errorMessages = List.copyOf(errorMessages);
        this.errors = Map.copyOf(errors);
    }

    private static String describe(List<String> messages, Map<String, String> errors) {
        StringBuilder s = new StringBuilder();
        if (!messages.isEmpty()) {
            s.append(": ").append(String.join("; ", messages));
        }
        if (!errors.isEmpty()) {
            s.append(messages.isEmpty() ? ": " : "; ");
            s.append(String.join("; ", errors.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + ": " + e.getValue()).toList()));
        }
        return s.toString();
    }

    public int status() {
        return status;
    }

    public List<String> errorMessages() {
        return errorMessages;
    }

    public Map<String, String> errors() {
        return errors;
    }
}
