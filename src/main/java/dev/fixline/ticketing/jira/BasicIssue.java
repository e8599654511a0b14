package dev.fixline.ticketing.jira;

import com.fasterxml.jackson.databind.JsonNode;

/** What Jira answers to a create, as JRJC's {@code BasicIssue}: id, key and the REST address. */
record BasicIssue(String id, String key, String self) {

    static BasicIssue from(JsonNode json) {
        return new BasicIssue(Json.text(json, "id"), Json.text(json, "key"), Json.text(json, "self"));
    }
}
