package dev.fixline.reliability.nodes;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.reliability.FixlineProcess;
import dev.fixline.ticketing.WebhookSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Jira Cloud's webhook deliveries, signed with the shared secret as Jira signs them. */
final class JiraWebhooks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The answer to one delivery: its HTTP status and the receipt's {@code outcome}. */
    record Receipt(int status, String outcome, String body) {
    }

    /** {@code jira:issue_updated}: the fallback owner moved the ticket to Done. */
    static String ownerMovedToDone(String issueId, String key) {
        return "{\"timestamp\":1764000000000,\"webhookEvent\":\"jira:issue_updated\",\"issue_event_type_name\":"
                + "\"issue_generic\",\"user\":{\"accountId\":\"" + JiraDouble.OWNER_ACCOUNT + "\",\"displayName\":"
                + "\"SecOps Triage\"},\"issue\":{\"id\":\"" + issueId + "\",\"key\":\"" + key + "\",\"fields\":{"
                + "\"status\":{\"name\":\"Done\",\"statusCategory\":{\"key\":\"done\"}},\"resolution\":{\"name\":"
                + "\"Done\"},\"assignee\":null,\"labels\":[\"fixline\"],\"updated\":\"2026-11-27T10:12:47.824+0000\"}},"
                + "\"changelog\":{\"id\":\"10100\",\"items\":[{\"field\":\"status\",\"fieldtype\":\"jira\",\"fieldId\":"
                + "\"status\",\"from\":\"10000\",\"fromString\":\"To Do\",\"to\":\"10001\",\"toString\":\"Done\"},"
                + "{\"field\":\"resolution\",\"fieldtype\":\"jira\",\"from\":null,\"fromString\":null,\"to\":\"10000\","
                + "\"toString\":\"Done\"}]}}";
    }

    Receipt deliver(FixlineProcess node, String body, String deliveryId) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/webhooks/jira"))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature", WebhookSignature.sign(JiraDouble.SECRET, bytes))
                .header("X-Atlassian-Webhook-Identifier", deliveryId)
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String outcome = response.statusCode() == 200 ? JSON.readTree(response.body()).path("outcome").asText() : "";
            return new Receipt(response.statusCode(), outcome, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("webhook to " + node.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
