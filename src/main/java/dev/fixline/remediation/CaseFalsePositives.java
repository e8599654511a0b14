package dev.fixline.remediation;

import dev.fixline.audit.AuditEventType;
import dev.fixline.audit.AuditLog;
import dev.fixline.finding.Finding;
import dev.fixline.finding.FindingStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A claim that a case's finding is a false positive: a security approver decides; confirmed, the finding
 * is suppressed (it opens no case until the scanner's data for it changes) and the case closes as
 * {@code FALSE_POSITIVE}; rejected, the task returns to the owner with the reason. The SLA clock runs on
 * while the claim is decided.
 */
@Component("caseFalsePositives")
public class CaseFalsePositives {

    static final String CLAIMED_BY = "falsePositiveClaimedBy";
    static final String CLAIM_REASON = "falsePositiveReason";
    static final String APPROVERS = "falsePositiveApprovers";
    static final String CONFIRMED = "falsePositiveConfirmed";
    static final String DECISION_REASON = "falsePositiveDecisionReason";
    static final String DECIDED_BY = "falsePositiveDecidedBy";
    /** Counts the claims on a case, so that each one's mails are told apart. */
    static final String CLAIMS = "falsePositiveClaims";

    private final CaseRepository cases;
    private final FindingStore findings;
    private final ExceptionPolicy policy;
    private final CaseTasks caseTasks;
    private final AuditLog audit;
    private final CaseNotices notices;
    private final CaseMails mails;
    private final Clock clock;

    CaseFalsePositives(CaseRepository cases, FindingStore findings, ExceptionPolicy policy, CaseTasks caseTasks,
                       AuditLog audit, CaseNotices notices,
                       CaseMails mails, Clock clock) {
        this.cases = cases;
        this.findings = findings;
        this.policy = policy;
        this.caseTasks = caseTasks;
        this.audit = audit;
        this.notices = notices;
        this.mails = mails;
        this.clock = clock;
    }

    /**
     * The owner claims the finding is a false positive: the task goes to the security approvers.
     *
     * @throws NoSuchElementException when there is no such case
     * @throws IllegalStateException  when the case is not open with its owner
     */
    @Transactional
    void claim(String caseId, String actor, String reason) {
        CaseView c = cases.find(caseId, clock.instant()).orElseThrow(() -> new NoSuchElementException("No case " + caseId));
        Optional<Task> remediate = caseTasks.waiting(c, RemediationProcess.Activity.REMEDIATE);
        if (approvers(actor).isEmpty()) {
            throw new IllegalStateException("Nobody but " + actor + " may decide a false positive on case " + caseId
                    + "; an administrator may");
        }
        if (c.state() != CaseState.OPEN || remediate.isEmpty()) {
            throw new IllegalStateException("Case " + caseId + " is " + c.state() + (c.state() == CaseState.OPEN
                    ? " but waits for a decision" : "") + ": a false positive can be claimed while the case is "
                    + "open with its owner");
        }
        caseTasks.completeAs(actor, remediate.get(), Map.of(RemediationProcess.Variable.OWNER_ACTION, "FALSE_POSITIVE",
                CLAIMED_BY, actor, CLAIM_REASON, reason));
    }

    /** Who decides a claim: the security approvers, never the person who claimed. */
    List<String> approvers(String claimedBy) {
        Set<String> approvers = new LinkedHashSet<>(policy.securityApprovers());
        approvers.remove(claimedBy);
        return List.copyOf(approvers);
    }

    /** The step after a claim: on the timeline, with who decides it. */
    public void recordClaim(DelegateExecution execution) {
        CaseView c = load(execution);
        String by = (String) execution.getVariable(CLAIMED_BY);
        Integer claims = (Integer) execution.getVariable(CLAIMS);
        execution.setVariable(CLAIMS, claims == null ? 1 : claims + 1);
        execution.setVariable(APPROVERS, String.join(",", approvers(by)));
        execution.removeVariable(RemediationProcess.Variable.OWNER_ACTION);
        // The last decision's values would fill Tasklist's form and name the wrong decider.
        execution.removeVariable(CONFIRMED);
        execution.removeVariable(DECISION_REASON);
        execution.removeVariable(DECIDED_BY);
        audit.record(c.id(), null, AuditEventType.FALSE_POSITIVE_CLAIMED, by, "Claimed a false positive: "
                + execution.getVariable(CLAIM_REASON) + "; decided by " + String.join(" or ", approvers(by)), null);
    }

    /** Beside the decision task: each approver is told of the claim. */
    public void mailClaim(DelegateExecution execution) {
        CaseView c = load(execution);
        String by = (String) execution.getVariable(CLAIMED_BY);
        for (String approver : approvers(by)) {
            notices.send(c, "FALSE_POSITIVE_CLAIMED", c.id() + ":false-positive-claimed:" + execution.getVariable(CLAIMS) + ":"
                    + approver, approver, mails.render("false-positive-claimed", c, Map.of("claimedBy", by,
                    "reason", String.valueOf(execution.getVariable(CLAIM_REASON)))));
        }
    }

    /** When the decision task completes: it needs a reason and a verdict, and records who decided. */
    public void decisionMade(DelegateTask task) {
        Object reason = task.getVariable(DECISION_REASON);
        if (reason == null || reason.toString().isBlank()) {
            throw new ProcessEngineException("A decision on a false positive needs a reason (variable "
                    + DECISION_REASON + ")");
        }
        if (task.getVariable(CONFIRMED) == null) {
            throw new ProcessEngineException("A decision on a false positive must say whether it is one (variable "
                    + CONFIRMED + ")");
        }
        if (task.getVariable(DECIDED_BY) == null) {
            var who = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
            task.setVariable(DECIDED_BY, who != null ? who.getUserId() : task.getAssignee());
        }
        if (String.valueOf(task.getVariable(CLAIMED_BY)).equals(task.getVariable(DECIDED_BY))) {
            throw new ProcessEngineException(task.getVariable(CLAIMED_BY) + " claimed this false positive and may not "
                    + "decide it");
        }
    }

    /** The step after the decision: on the timeline. */
    public void recordDecision(DelegateExecution execution) {
        CaseView c = load(execution);
        boolean confirmed = Boolean.TRUE.equals(execution.getVariable(CONFIRMED));
        audit.record(c.id(), null, confirmed ? AuditEventType.FALSE_POSITIVE_CONFIRMED
                        : AuditEventType.FALSE_POSITIVE_REJECTED, String.valueOf(execution.getVariable(DECIDED_BY)),
                (confirmed ? "Confirmed a false positive: " : "Not a false positive: ")
                        + execution.getVariable(DECISION_REASON), null);
    }

    /** A confirmed claim: the finding is suppressed and the case closes, in the step's transaction. */
    public void suppress(DelegateExecution execution) {
        CaseView c = load(execution);
        Instant now = clock.instant();
        String by = String.valueOf(execution.getVariable(DECIDED_BY));
        String reason = String.valueOf(execution.getVariable(DECISION_REASON));
        for (String findingId : c.findingIds()) {
            if (!findings.suppress(findingId, new Finding.Suppression(now, by, reason))) {
                // A sweep closed it meanwhile: the decision stands for the case; there is nothing to suppress.
                audit.record(c.id(), findingId, AuditEventType.FALSE_POSITIVE_CONFIRMED, by, "The finding was no "
                        + "longer open when the false positive was confirmed, so it is not suppressed", null);
            }
        }
        if (cases.close(c.id(), "FALSE_POSITIVE", null, now)) {
            audit.record(c.id(), null, AuditEventType.CASE_CLOSED, by, "Closed as a false positive: " + reason
                    + "; the finding is suppressed until the scanner's data for it changes (a new fixed version, "
                    + "severity or image digest)", null);
        }
    }

    /** Beside the returned task: the owner (and the claimant) hear why it is not a false positive. */
    public void mailRejection(DelegateExecution execution) {
        CaseView c = load(execution);
        String by = (String) execution.getVariable(CLAIMED_BY);
        for (String person : new LinkedHashSet<>(List.of(String.valueOf(c.owner()), by))) {
            notices.send(c, "FALSE_POSITIVE_REJECTED", c.id() + ":false-positive-rejected:" + execution.getVariable(CLAIMS)
                    + ":" + person, person, mails.render("false-positive-rejected", c, Map.of(
                    "decidedBy", String.valueOf(execution.getVariable(DECIDED_BY)),
                    "reason", String.valueOf(execution.getVariable(DECISION_REASON)))));
        }
    }

    /**
     * A security approver's decision on the claim waiting on a case.
     *
     * @throws NoSuchElementException  when there is no such case
     * @throws IllegalStateException   when no claim waits for a decision
     * @throws NotAnApproverException  when {@code decidedBy} may not decide it
     */
    @Transactional
    void decide(String caseId, String decidedBy, boolean administrator, boolean confirmed, String reason) {
        CaseView c = cases.find(caseId, clock.instant()).orElseThrow(() -> new NoSuchElementException("No case " + caseId));
        Task task = caseTasks.waiting(c, RemediationProcess.Activity.DECIDE_FALSE_POSITIVE).orElse(null);
        if (task == null) {
            // Nothing to decide; but someone who could never decide here is told that, not the case's state.
            if (!administrator && !policy.securityApprovers().contains(decidedBy)) {
                throw new NotAnApproverException("a false positive is decided by " + String.join(" or ",
                        policy.securityApprovers()) + ", not " + decidedBy);
            }
            throw new IllegalStateException("Case " + caseId + " has no false-positive claim waiting for a decision");
        }
        String claimedBy = (String) caseTasks.variable(task, CLAIMED_BY);
        if (decidedBy.equals(claimedBy)) {
            throw new NotAnApproverException(decidedBy + " claimed this false positive and may not decide it");
        }
        if (!administrator && !approvers(claimedBy).contains(decidedBy)) {
            throw new NotAnApproverException("a false positive is decided by " + String.join(" or ",
                    approvers(claimedBy)) + ", not " + decidedBy);
        }
        caseTasks.completeAs(decidedBy, task, Map.of(CONFIRMED, confirmed, DECISION_REASON, reason,
                DECIDED_BY, decidedBy));
    }



    private CaseView load(DelegateExecution execution) {
        String caseId = execution.getProcessBusinessKey();
        return cases.find(caseId, clock.instant())
                .orElseThrow(() -> new IllegalStateException("No remediation case " + caseId));
    }
}
