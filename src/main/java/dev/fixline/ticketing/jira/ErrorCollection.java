package dev.fixline.ticketing.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jira's error body, {@code {"errorMessages":[..],"errors":{field: message}}}. Proxies and load balancers
 * answer with HTML or plain text instead; a short plain text becomes the one message, HTML is dropped.
 */
record ErrorCollection(List<String> errorMessages, Map<String, String> errors) {

    private static final int MAX_TEXT = 200;

    static ErrorCollection parse(byte[] body, ObjectMapper mapper) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return new ErrorCollection(List.of(), Map.of());
        }
        if (text.startsWith("{")) {
            try {
                return from(mapper.readTree(text));
            } catch (IOException notJson) {
                // falls through to the plain-text reading
            }
        }
        if (text.startsWith("<")) {
            return new ErrorCollection(List.of(), Map.of());
        }
        String firstLine = text.lines().findFirst().orElse("");
        return new ErrorCollection(List.of(firstLine.length() > MAX_TEXT ? firstLine.substring(0, MAX_TEXT) + "…"
                : firstLine), Map.of());
    }

    private static ErrorCollection from(JsonNode json) {
        List<String> messages = new ArrayList<>(Json.texts(Json.at(json, "errorMessages")));
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode fieldErrors = Json.at(json, "errors");
        if (fieldErrors != null && fieldErrors.isObject()) {
            fieldErrors.properties().forEach(e -> errors.put(e.getKey(), e.getValue().asText()));
        }
        // Some gateways answer {"message": ".."} instead of Jira's shape.
        String message = Json.text(json, "message");
        if (messages.isEmpty() && errors.isEmpty() && message != null) {
            messages.add(message);
        }
        return new ErrorCollection(messages, errors);
    }
}
