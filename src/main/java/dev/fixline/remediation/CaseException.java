package dev.fixline.remediation;

import java.time.Instant;
import java.util.List;

/**
 * An exception asked for on a case: the request, and the decision once made.
 *
 * @param source    {@code api} (asked in Fixline) or {@code ticket} (the ticket was resolved as won't-do)
 * @param approvers who may decide it
 * @param endReason why it stopped running (expired, revoked with the reason, extended by a later one)
 */
public record CaseException(String id, String caseId, State state, String requestedBy, Instant requestedAt,
                            String source, String reason, String compensatingControl, Instant expiresAt,
                            List<String> approvers, String decidedBy, Instant decidedAt, String decisionReason,
                            Instant endedAt, String endReason) {

    public enum State {
        /** Waits for an approver. */
        REQUESTED,
        /** Approved and running: the SLA clock is paused until it expires. */
        APPROVED,
        REFUSED,
        EXPIRED,
        REVOKED,
        /** Approved, then replaced by an approved extension. */
        EXTENDED,
        /** Not decided before it stopped mattering: the exception it would extend ended, or the case closed. */
        LAPSED
    }

    /** Still asked for, or running. */
    public boolean live() {
        return state == State.REQUESTED || state == State.APPROVED;
    }
}
