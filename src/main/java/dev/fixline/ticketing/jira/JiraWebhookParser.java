package dev.fixline.ticketing.jira;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.ticketing.TicketChange;
import dev.fixline.ticketing.WebhookReader;
import dev.fixline.ticketing.WebhookReport;
import dev.fixline.limits.AsciiCase;
import dev.fixline.limits.InputLimits;
import dev.fixline.limits.LimitExceededException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads a Jira webhook body ({@code jira:issue_updated} and the like) into a {@link TicketChange}. Cloud
 * names users by {@code accountId}, Data Center by {@code name} (with {@code emailAddress}); both are read.
 * A body about no issue (a project or version event, a comment of a deleted issue) is a
 * {@link WebhookReport.NoTicket} with the reason. Checking the signature and dropping duplicates and stale
 * deliveries is the receiver's job.
 */
public class JiraWebhookParser implements WebhookReader {

    /** How a body that names no {@code webhookEvent} is named in logs. */
    private static final String NO_EVENT = "(no webhookEvent)";

    private final ObjectMapper mapper;
    private final InputLimits limits;

    public JiraWebhookParser() {
        this(InputLimits.defaults());
    }

    /** Reads bodies within {@code limits}: a body is parsed whole, so its tokens are bounded too. */
    public JiraWebhookParser(InputLimits limits) {
        this.mapper = new ObjectMapper(JsonFactory.builder().streamReadConstraints(limits.webhookJson()).build());
        this.limits = limits;
    }

    @Override
    public WebhookReport read(byte[] body) {
        return parse(body);
    }

    public WebhookReport parse(byte[] body) {
        return parse(body == null ? null : new String(body, StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the body is empty or not JSON */
    public WebhookReport parse(String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("Jira webhook body is empty");
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new IllegalArgumentException("Jira webhook body is past a limit: "
                    + LimitExceededException.of(e, limits).getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Jira webhook body is not JSON: " + e.getOriginalMessage(), e);
        }
        if (!root.isObject()) {
            return new WebhookReport.NoTicket(NO_EVENT, "The body is JSON but not an object, so it carries no issue");
        }
        String event = Json.text(root, "webhookEvent");
        String named = event == null ? NO_EVENT : event;
        JsonNode issue = Json.at(root, "issue");
        if (issue == null || !issue.isObject()) {
            return new WebhookReport.NoTicket(named, (event == null ? "The delivery names no webhookEvent and"
                    : "Event " + event) + " carries no issue, so it concerns no Fixline ticket");
        }
        String id = Json.text(issue, "id");
        if (id == null) {
            String key = Json.text(issue, "key");
            return new WebhookReport.NoTicket(named, (event == null ? "The delivery" : "Event " + event)
                    + " carries an issue" + (key == null ? "" : " (" + key + ")")
                    + " without an id, which is how Fixline knows its tickets");
        }
        JsonNode fields = Json.at(issue, "fields");
        JiraUser actor = JiraUser.from(Json.at(root, "user"));
        JiraUser assignee = JiraUser.from(Json.at(fields, "assignee"));
        return new TicketChange(event, id, Json.text(issue, "key"),
                actor == null ? null : actor.ref(), actor == null ? null : actor.emailAddress(), at(root, fields),
                Json.text(fields, "status", "name"),
                Json.lower(Json.text(fields, "status", "statusCategory", "key")),
                Json.text(fields, "resolution", "name"),
                changed(root, "status"), changed(root, "assignee"),
                assignee == null ? null : assignee.ref(), assignee == null ? null : assignee.emailAddress());
    }

    /** {@code issue.fields.updated}, else the delivery's {@code timestamp} (epoch millis), else null. */
    private static Instant at(JsonNode root, JsonNode fields) {
        Instant updated = JiraDates.parseOrNull(Json.text(fields, "updated"));
        if (updated != null) {
            return updated;
        }
        JsonNode timestamp = Json.at(root, "timestamp");
        return timestamp != null && timestamp.canConvertToLong() ? Instant.ofEpochMilli(timestamp.asLong()) : null;
    }

    /** Whether a changelog item touches the field; Jira names it in {@code field}, sometimes only in {@code fieldId}. */
    private static boolean changed(JsonNode root, String field) {
        JsonNode items = Json.at(root, "changelog", "items");
        if (items == null || !items.isArray()) {
            return false;
        }
        for (JsonNode item : items) {
            if (AsciiCase.equalsIgnoreCase(field, Json.text(item, "field"))
                    || AsciiCase.equalsIgnoreCase(field, Json.text(item, "fieldId"))) {
                return true;
            }
        }
        return false;
    }
}
