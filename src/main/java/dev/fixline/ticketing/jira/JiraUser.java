package dev.fixline.ticketing.jira;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Jira user as REST and webhooks show it.
 *
 * @param ref          how requests name the user: Cloud {@code accountId}, Data Center {@code name}
 * @param emailAddress null when the profile hides it (Cloud) or the payload leaves it out
 */
record JiraUser(String ref, String displayName, String emailAddress, boolean active) {

    /** Cloud objects carry {@code accountId}, Data Center ones {@code name}; null for a JSON null. */
    static JiraUser from(JsonNode json) {
        if (json == null || !json.isObject()) {
            return null;
        }
        String ref = Json.text(json, "accountId");
        if (ref == null) {
            ref = Json.text(json, "name");
        }
        String email = Json.text(json, "emailAddress");
        JsonNode active = json.get("active");
        return new JiraUser(ref, Json.text(json, "displayName"), email == null || email.isBlank() ? null : email,
                active == null || active.isNull() || active.asBoolean());
    }
}
