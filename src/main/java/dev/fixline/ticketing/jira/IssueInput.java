package dev.fixline.ticketing.jira;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of a create or an edit, as JRJC's {@code IssueInput}: {@code fields} sets values,
 * {@code update} applies operations such as adding one label without replacing the others.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record IssueInput(Map<String, Object> fields, Map<String, List<Map<String, Object>>> update) {

    IssueInput {
        fields = fields == null ? Map.of() : new LinkedHashMap<>(fields);
        update = update == null ? Map.of() : Map.copyOf(update);
    }

    static IssueInput fields(Map<String, Object> fields) {
        return new IssueInput(fields, null);
    }

    static IssueInput addLabel(String label) {
        return new IssueInput(null, Map.of("labels", List.of(Map.of("add", label))));
    }

    static Map<String, Object> named(String name) {
        return Map.of("name", name);
    }

    static String date(LocalDate date) {
        return date.toString(); // ISO yyyy-MM-dd, what Jira's duedate takes
    }

    static Builder builder() {
        return new Builder();
    }

    /** The fields of a create; only what is set is sent, so unset values never hit a screen check. */
    static final class Builder {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        Builder project(String key) {
            fields.put("project", Map.of("key", key));
            return this;
        }

        Builder issueType(String name) {
            fields.put("issuetype", named(name));
            return this;
        }

        Builder summary(String summary) {
            fields.put("summary", summary);
            return this;
        }

        Builder description(JsonNode description) {
            fields.put("description", description);
            return this;
        }

        Builder labels(List<String> labels) {
            if (labels != null && !labels.isEmpty()) {
                fields.put("labels", List.copyOf(labels));
            }
            return this;
        }

        Builder priority(String name) {
            if (name != null && !name.isBlank()) {
                fields.put("priority", named(name));
            }
            return this;
        }

        Builder dueDate(LocalDate date) {
            if (date != null) {
                fields.put("duedate", date(date));
            }
            return this;
        }

        /** @param refField {@code accountId} (Cloud) or {@code name} (Data Center) */
        Builder assignee(String refField, String ref) {
            if (ref != null && !ref.isBlank()) {
                fields.put("assignee", Map.of(refField, ref));
            }
            return this;
        }

        IssueInput build() {
            return IssueInput.fields(fields);
        }
    }
}
