package dev.fixline.ticketing.jira;

import com.fasterxml.jackson.databind.JsonNode;

/** A workflow transition available from an issue's current status, and where it leads. */
record Transition(String id, String name, String toStatus, String toStatusCategory) {

    static Transition from(JsonNode json) {
        return new Transition(Json.text(json, "id"), Json.text(json, "name"), Json.text(json, "to", "name"),
                Json.lower(Json.text(json, "to", "statusCategory", "key")));
    }

    @Override
    public String toString() {
        return name + " (→ " + toStatus + ", " + toStatusCategory + ")";
    }
}
