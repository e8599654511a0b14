package dev.fixline.ticketing.jira;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** The few fields of an issue Fixline reads ({@link JiraClient#ISSUE_FIELDS}). */
record Issue(String id, String key, String summary, String statusName, String statusCategory, String resolution,
             JiraUser assignee, List<String> labels, Instant updated) {

    Issue {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    static Issue from(JsonNode json) {
        JsonNode fields = Json.at(json, "fields");
        return new Issue(Json.text(json, "id"), Json.text(json, "key"), Json.text(fields, "summary"),
                Json.text(fields, "status", "name"),
                Json.lower(Json.text(fields, "status", "statusCategory", "key")),
                Json.text(fields, "resolution", "name"), JiraUser.from(Json.at(fields, "assignee")),
                Json.texts(Json.at(fields, "labels")), JiraDates.parseOrNull(Json.text(fields, "updated")));
    }
}
