package dev.fixline.ticketing.jira;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a JQL search. Cloud pages by token ({@code nextPageToken}, {@code isLast}, no total); Data
 * Center by offset ({@code startAt}, {@code total}).
 */
record SearchResult(List<Issue> issues, String nextPageToken, boolean last, int startAt, int total) {

    SearchResult {
        issues = List.copyOf(issues);
    }

    static SearchResult from(JsonNode json) {
        List<Issue> issues = new ArrayList<>();
        JsonNode array = Json.at(json, "issues");
        if (array != null) {
            array.forEach(i -> issues.add(Issue.from(i)));
        }
        JsonNode isLast = Json.at(json, "isLast");
        JsonNode startAt = Json.at(json, "startAt");
        JsonNode total = Json.at(json, "total");
        String token = Json.text(json, "nextPageToken");
        return new SearchResult(issues, token == null || token.isEmpty() ? null : token,
                isLast != null && isLast.asBoolean(), startAt == null ? 0 : startAt.asInt(),
                total == null ? -1 : total.asInt());
    }
}
