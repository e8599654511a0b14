package dev.fixline.remediation;

import dev.fixline.finding.Severity;
import java.time.Instant;
import java.util.List;

/**
 * What a manager watches, as of one instant: the SLA figures of the cases that are not closed, their
 * load per team, the overdue cases, the unowned queue, and the exception requests and false-positive claims
 * waiting for a decision.
 * Lists hold at most {@code rowLimit} rows; the counts say how many there are in all.
 */
public record ManagerOverview(Instant asOf, SlaCounts counts, List<TeamLoad> teams, List<Breach> breaches,
                              UnownedCases unowned, List<ExceptionRequest> exceptionRequests,
                              long exceptionRequestCount, List<FalsePositiveClaim> falsePositiveClaims,
                              long falsePositiveClaimCount, int rowLimit) {

    /**
     * @param open                 every case that is not closed
     * @param overdue              open cases whose due date has passed
     * @param breached             open cases whose breach was recorded (the manager was told)
     * @param dueWithinWeek        open cases due in the next seven days
     * @param awaitingVerification open cases the owner reported fixed, waiting for a rescan to confirm it
     * @param unowned              open cases that no ownership rule matched
     */
    public record SlaCounts(long open, long overdue, long breached, long dueWithinWeek, long awaitingVerification,
                            long unowned) {
    }

    /** The open cases of one team; {@code team} is null for cases whose owner is not assigned yet. */
    public record TeamLoad(String team, long onTime, long overdue) {
    }

    /** An open case past its due date; {@code ticketKey} is null until its ticket is open. */
    public record Breach(String caseId, Severity severity, String vulnerabilityId, String registryHost,
                         String repository, String owner, String team, Instant dueAt, long daysOverdue,
                         String ticketKey) {
    }

    /** The queue of findings no ownership rule matched, as the rules in force describe it, and its open cases. */
    public record UnownedCases(String owner, String team, String manager, List<UnownedCase> cases) {
    }

    public record UnownedCase(String caseId, Severity severity, String vulnerabilityId, String registryHost,
                              String repository, String owner, Instant dueAt) {
    }

    /**
     * An exception request waiting for a decision.
     *
     * @param reason     why the fix should wait (for a request from a ticket, the ticket's resolution)
     * @param expiresAt  until when the exception would run
     * @param decider    who may decide it (the case's manager; for a Critical case the security approvers)
     */
    public record ExceptionRequest(String caseId, Severity severity, String vulnerabilityId, String registryHost,
                                   String repository, String owner, String requestedBy, Instant requestedAt,
                                   String reason, String compensatingControl, Instant expiresAt, String decider) {
    }

    /**
     * A claim that a case's finding is a false positive, waiting for a security approver's decision.
     *
     * @param deciders who may decide it (never the claimant); an administrator may too
     */
    public record FalsePositiveClaim(String caseId, Severity severity, String vulnerabilityId, String registryHost,
                                     String repository, String owner, String claimedBy, Instant claimedAt,
                                     String reason, List<String> deciders) {
    }
}
