package dev.fixline.ticketing.jira;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.ticketing.TicketOutcomeUnknownException;
import dev.fixline.ticketing.TrackerRejectedException;
import dev.fixline.ticketing.TrackerUnavailableException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;

/**
 * The one place that turns Jira's answers and I/O failures into the SPI's exceptions.
 *
 * <ul>
 *   <li>429 and 5xx, timeouts and broken connections: {@link TrackerUnavailableException}, with
 *       {@code Retry-After} when Jira sent one.</li>
 *   <li>A create that reached Jira and got no clear answer (5xx, read timeout, connection lost after
 *       sending): {@link TicketOutcomeUnknownException}, since the issue may exist. A create that never
 *       left (connect failure) or was turned away by a 429 is plain unavailable: nothing was created.</li>
 *   <li>Any other non-2xx: {@link TrackerRejectedException} with Jira's {@code errorMessages} and
 *       {@code errors}.</li>
 * </ul>
 * Messages name the call ({@link JiraCall}) and never carry a header, so never a token.
 */
final class JiraErrors {

    private final Duration readTimeout;
    private final ObjectMapper mapper;

    JiraErrors(Duration readTimeout, ObjectMapper mapper) {
        this.readTimeout = readTimeout;
        this.mapper = mapper;
    }

    RuntimeException fromResponse(JiraCall call, JiraResponse response, Duration retryAfter) {
        int status = response.status();
        if (status == 429) {
            return new TrackerUnavailableException(call + " was rate limited by Jira (HTTP 429"
                    + (retryAfter == null ? "" : ", Retry-After " + retryAfter.toSeconds() + " s") + ")",
                    retryAfter, null);
        }
        if (status >= 500 || status == 408) {
            if (call.create()) {
                return new TicketOutcomeUnknownException(call + " got HTTP " + status
                        + " from Jira; the issue may have been created", null);
            }
            return new TrackerUnavailableException(call + " failed with HTTP " + status, retryAfter, null);
        }
        ErrorCollection body = ErrorCollection.parse(response.body(), mapper);
        return new TrackerRejectedException(call.toString(), status, body.errorMessages(), body.errors());
    }

    RuntimeException fromIo(JiraCall call, Exception failure) {
        if (nothingSent(failure)) {
            return new TrackerUnavailableException(call + " could not connect to Jira (" + reason(failure) + ")",
                    null, failure);
        }
        boolean timedOut = causedBy(failure, HttpTimeoutException.class);
        String what = timedOut ? "got no answer within the read timeout of " + readTimeout.toMillis() + " ms"
                : "lost the connection (" + reason(failure) + ")";
        if (call.create()) {
            return new TicketOutcomeUnknownException(call + " " + what + "; the issue may have been created",
                    failure);
        }
        return new TrackerUnavailableException(call + " " + what, null, failure);
    }

    /** A success that is not JSON: treated like no answer (a proxy page, a truncated body). */
    RuntimeException unreadable(JiraCall call, int status, Exception cause) {
        String message = call + " answered HTTP " + status + " with a body that is not Jira's JSON";
        return call.create() ? new TicketOutcomeUnknownException(message + "; the issue may have been created", cause)
                : new TrackerUnavailableException(message, null, cause);
    }

    /** Failures before the request was written: the connection or TLS handshake never completed. */
    private static boolean nothingSent(Throwable failure) {
        return causedBy(failure, ConnectException.class) || causedBy(failure, HttpConnectTimeoutException.class)
                || causedBy(failure, UnknownHostException.class) || causedBy(failure, NoRouteToHostException.class)
                || causedBy(failure, SSLHandshakeException.class);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
