package dev.fixline.web;

import dev.fixline.limits.ControlCharacters;
import dev.fixline.limits.InputLimits;
import dev.fixline.limits.LimitExceededException;
import dev.fixline.ticketing.TicketChange;
import dev.fixline.ticketing.TicketChanges;
import dev.fixline.ticketing.TicketingProperties;
import dev.fixline.ticketing.WebhookReader;
import dev.fixline.ticketing.WebhookReceipt;
import dev.fixline.ticketing.WebhookReport;
import dev.fixline.ticketing.WebhookSignature;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.util.unit.DataSize;

/**
 * Jira's admin webhook. Authenticated by its HMAC signature alone (Jira cannot send Fixline credentials):
 * {@code X-Hub-Signature: sha256=…} over the raw body with {@code fixline.ticketing.webhook-secret}.
 * Deliveries are deduplicated by {@code X-Atlassian-Webhook-Identifier}. Every signed JSON delivery is
 * answered {@code 200} with its outcome, unless applying it fails for a reason that may pass: Jira cannot
 * be reached for a look-up the change needs ({@code 502}), the database fails ({@code 500}). Jira Cloud then
 * sends it again.
 */
@RestController
class JiraWebhookController {

    private static final Logger log = LoggerFactory.getLogger(JiraWebhookController.class);

    private final ObjectProvider<WebhookReader> reader;
    private final TicketChanges changes;
    private final TicketingProperties properties;
    /** Jira's issue payloads are far smaller; a body larger than {@code fixline.limits.max-webhook-body-size} is not a webhook. */
    private final DataSize maxBody;

    JiraWebhookController(ObjectProvider<WebhookReader> reader, TicketChanges changes, TicketingProperties properties,
                          InputLimits limits) {
        this.reader = reader;
        this.changes = changes;
        this.properties = properties;
        this.maxBody = limits.maxWebhookBodySize();
    }

    /** What the delivery table keeps ({@code ticket_webhook_delivery}, V6). */
    static final int MAX_DELIVERY_ID = 200;
    static final int MAX_ISSUE_ID = 64;

    @PostMapping("/api/webhooks/jira")
    ResponseEntity<?> receive(HttpServletRequest request,
                              @RequestHeader(name = "X-Hub-Signature", required = false) String signature,
                              @RequestHeader(name = "X-Atlassian-Webhook-Identifier", required = false) String delivery)
            throws IOException {
        WebhookReader jira = reader.getIfAvailable();
        if (jira == null) {
            return problem(HttpStatus.NOT_FOUND, "Jira is not configured",
                    "this Fixline keeps tickets in its built-in log; set fixline.ticketing.jira.base-url to use Jira");
        }
        // Read at most the limit before the signature is checked: an anonymous sender cannot fill memory.
        int max = (int) Math.min(maxBody.toBytes(), Integer.MAX_VALUE - 16);
        byte[] raw = request.getInputStream().readNBytes(max + 1);
        if (raw.length > max) {
            return tooLarge();
        }
        if (properties.webhookSecret() == null || properties.webhookSecret().isBlank()) {
            log.warn("Refused a Jira webhook: fixline.ticketing.webhook-secret is not set");
            return problem(HttpStatus.UNAUTHORIZED, "Webhook not accepted",
                    "no webhook secret is configured (fixline.ticketing.webhook-secret), so no signature can be checked");
        }
        if (!WebhookSignature.verify(properties.webhookSecret(), raw, signature)) {
            log.warn("Refused a Jira webhook with {} signature", signature == null ? "no" : "a wrong");
            return problem(HttpStatus.UNAUTHORIZED, "Webhook not accepted",
                    signature == null ? "the X-Hub-Signature header is missing"
                            : "the X-Hub-Signature does not match the body and the configured secret");
        }
        if (delivery != null && delivery.length() > MAX_DELIVERY_ID) {
            return problem(HttpStatus.BAD_REQUEST, "Unreadable webhook", "the X-Atlassian-Webhook-Identifier is longer "
                    + "than " + MAX_DELIVERY_ID + " characters (" + delivery.length() + ")");
        }
        if (ControlCharacters.inLine(delivery) >= 0) {
            return problem(HttpStatus.BAD_REQUEST, "Unreadable webhook", "the X-Atlassian-Webhook-Identifier "
                    + ControlCharacters.describe(delivery, ControlCharacters.inLine(delivery)));
        }
        WebhookReport report;
        try {
            report = jira.read(raw);
        } catch (IllegalArgumentException e) {
            return problem(HttpStatus.BAD_REQUEST, "Unreadable webhook", e.getMessage());
        }
        if (report instanceof TicketChange change && change.ticketId() != null
                && change.ticketId().length() > MAX_ISSUE_ID) {
            return problem(HttpStatus.BAD_REQUEST, "Unreadable webhook", "the issue id is longer than " + MAX_ISSUE_ID
                    + " characters (" + change.ticketId().length() + "); Jira's issue ids are numbers");
        }
        String unkept = report instanceof TicketChange change ? WebhookValues.fault(change) : null;
        if (unkept != null) {
            return problem(HttpStatus.BAD_REQUEST, "Unreadable webhook", unkept);
        }
        // Data Center may send no delivery id: the body itself then identifies the delivery.
        String id = delivery == null || delivery.isBlank() ? "sha256:" + sha256(raw) : delivery;
        // An event about no issue is answered 200: any error would only make Jira send it again.
        WebhookReceipt receipt = report instanceof WebhookReport.NoTicket none ? changes.ignore(id, none)
                : changes.apply(id, (TicketChange) report);
        return ResponseEntity.ok(receipt);
    }

    private ResponseEntity<ProblemDetail> tooLarge() {
        ResponseEntity<ProblemDetail> answer = problem(HttpStatus.PAYLOAD_TOO_LARGE, "Webhook not accepted",
                "the body is larger than the " + LimitExceededException.describe(maxBody)
                        + " that fixline.limits.max-webhook-body-size allows");
        answer.getBody().setProperty("limit", "fixline.limits.max-webhook-body-size");
        return answer;
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        p.setType(URI.create("https://fixline.dev/problems/jira-webhook"));
        return ResponseEntity.status(status).body(p);
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
