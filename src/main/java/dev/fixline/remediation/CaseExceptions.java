package dev.fixline.remediation;

import static dev.fixline.remediation.RemediationProcess.Variable.EXCEPTION_APPROVED;
import static dev.fixline.remediation.RemediationProcess.Variable.EXCEPTION_APPROVERS;
import static dev.fixline.remediation.RemediationProcess.Variable.EXCEPTION_DECIDED_BY;
import static dev.fixline.remediation.RemediationProcess.Variable.EXCEPTION_END;
import static dev.fixline.remediation.RemediationProcess.Variable.EXCEPTION_EXPIRES_AT;
import static dev.fixline.remediation.RemediationProcess.Variable.EXCEPTION_ID;
import static dev.fixline.remediation.RemediationProcess.Variable.EXCEPTION_REASON;
import static dev.fixline.remediation.RemediationProcess.Variable.SLA_PAUSED;

import dev.fixline.audit.AuditEventType;
import dev.fixline.audit.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Exceptions (risk acceptance) as the process runs them: the recorded request ({@link ExceptionRequests}
 * takes it), the approver's decision, the running exception that pauses the SLA clock, and its end at
 * expiry or by revocation; a request while one runs asks to extend it. A decision does not close the
 * case: only a rescan does.
 */
@Component("caseExceptions")
public class CaseExceptions {

    /** The running exception, which an approved extension replaces. */
    static final String RUNNING = "runningExceptionId";

    private final CaseRepository cases;
    private final CaseExceptionRecords records;
    private final ExceptionRequests requests;
    private final SlaClock slaClock;
    private final RuntimeService runtime;
    private final CaseTasks caseTasks;
    private final AuditLog audit;
    private final CaseNotices notices;
    private final CaseMails mails;
    private final Clock clock;

    CaseExceptions(CaseRepository cases, CaseExceptionRecords records, ExceptionRequests requests, SlaClock slaClock,
                   RuntimeService runtime, CaseTasks caseTasks, AuditLog audit, CaseNotices notices, CaseMails mails,
                   Clock clock) {
        this.cases = cases;
        this.records = records;
        this.requests = requests;
        this.slaClock = slaClock;
        this.runtime = runtime;
        this.caseTasks = caseTasks;
        this.audit = audit;
        this.notices = notices;
        this.mails = mails;
        this.clock = clock;
    }

    /** What is asked for: why, what limits the risk meanwhile, and until when (null: the latest allowed). */
    public record Request(String reason, String compensatingControl, Instant expiresAt) {
    }

    /**
     * The variables of a request made before exceptions paused the clock: cases started on that process
     * version may still have one in flight, and run it to its end (ticket resolved as won't-do, manager
     * decides, nothing pauses).
     */
    static final String LEGACY_REQUESTED_BY = "exceptionRequestedBy";
    static final String LEGACY_REQUESTED_AT = "exceptionRequestedAt";
    static final String LEGACY_RESOLUTION = "exceptionResolution";

    /** The step after a request: on the timeline, with who decides it. */
    public void recordRequest(DelegateExecution execution) {
        CaseView c = load(execution);
        if (execution.getVariable(EXCEPTION_ID) == null) {
            legacyRequest(execution, c);
            return;
        }
        CaseException e = records.find((String) execution.getVariable(EXCEPTION_ID)).orElseThrow();
        List<String> approvers = requests.approvers(c, e.requestedBy());
        records.setApprovers(e.id(), approvers);
        execution.setVariable(EXCEPTION_APPROVERS, String.join(",", approvers));
        execution.removeVariable(RemediationProcess.Variable.OWNER_ACTION);
        // The last decision's values would fill Tasklist's form and name the wrong decider.
        execution.removeVariable(EXCEPTION_APPROVED);
        execution.removeVariable(EXCEPTION_REASON);
        execution.removeVariable(EXCEPTION_DECIDED_BY);
        if (execution.getVariable(SLA_PAUSED) == null) {
            execution.setVariable(SLA_PAUSED, false);
        }
        audit.record(c.id(), null, AuditEventType.EXCEPTION_REQUESTED, e.requestedBy(),
                (c.state() == CaseState.EXCEPTION ? "Extension of the exception requested until " : "Exception requested until ")
                        + e.expiresAt() + (e.source().equals("ticket") ? " (from the ticket)" : "") + ": " + e.reason()
                        + (e.compensatingControl() == null ? "" : "; compensating control: " + e.compensatingControl())
                        + "; decided by " + String.join(" or ", approvers), null);
    }

    private void legacyRequest(DelegateExecution execution, CaseView c) {
        String by = String.valueOf(execution.getVariable(LEGACY_REQUESTED_BY));
        String resolution = String.valueOf(execution.getVariable(LEGACY_RESOLUTION));
        audit.record(c.id(), null, AuditEventType.EXCEPTION_REQUESTED, by, "Exception requested (ticket resolved as '"
                + resolution + "'); manager " + c.manager() + " decides", null);
        notices.send(c, "EXCEPTION_REQUESTED", c.id() + ":exception-requested:" + execution.getVariable(LEGACY_REQUESTED_AT),
                c.manager(), mails.render("exception-requested", c, Map.of("requestedBy", by, "reason",
                        "ticket resolved as '" + resolution + "'", "control", "none given", "expiresAt", "not set",
                        "extension", false)));
    }

    /** Beside the decision task: each approver is told of the request. */
    public void mailRequest(DelegateExecution execution) {
        CaseView c = load(execution);
        CaseException e = records.find((String) execution.getVariable(EXCEPTION_ID)).orElseThrow();
        for (String approver : requests.approvers(c, e.requestedBy())) {
            CaseMails.Mail mail = mails.render("exception-requested", c, Map.of("requestedBy", e.requestedBy(),
                    "reason", e.reason(), "control", e.compensatingControl() == null ? "none given"
                            : e.compensatingControl(),
                    "expiresAt", e.expiresAt(), "extension", c.state() == CaseState.EXCEPTION));
            notices.send(c, "EXCEPTION_REQUESTED", c.id() + ":exception-requested:" + e.id() + ":" + approver, approver, mail);
        }
    }

    /**
     * When the decision task completes, from Fixline's API or from Tasklist: it needs a reason, and it
     * records who decided (Tasklist sets no variable for that: the logged-in user, else the assignee).
     */
    public void decisionMade(DelegateTask task) {
        Object reason = task.getVariable(EXCEPTION_REASON);
        if (reason == null || reason.toString().isBlank()) {
            throw new ProcessEngineException("A decision on an exception needs a reason (variable " + EXCEPTION_REASON + ")");
        }
        if (task.getVariable(EXCEPTION_APPROVED) == null) {
            throw new ProcessEngineException("A decision on an exception must say whether it is approved (variable "
                    + EXCEPTION_APPROVED + ")");
        }
        if (task.getVariable(EXCEPTION_DECIDED_BY) == null) {
            Authentication who = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
            task.setVariable(EXCEPTION_DECIDED_BY, who != null ? who.getUserId() : task.getAssignee());
        }
        Object id = task.getVariable(EXCEPTION_ID);
        String requester = id == null ? (String) task.getVariable(LEGACY_REQUESTED_BY)
                : records.find(id.toString()).map(CaseException::requestedBy).orElse(null);
        if (requester != null && requester.equals(task.getVariable(EXCEPTION_DECIDED_BY))) {
            throw new ProcessEngineException(requester + " asked for this exception and may not decide it");
        }
    }

    /**
     * The step after the decision: recorded; an approved one runs until its expiry. An approved extension
     * replaces the running exception and moves its expiry timer.
     */
    public void recordDecision(DelegateExecution execution) {
        CaseView c = load(execution);
        String id = (String) execution.getVariable(EXCEPTION_ID);
        boolean approved = Boolean.TRUE.equals(execution.getVariable(EXCEPTION_APPROVED));
        String by = String.valueOf(execution.getVariable(EXCEPTION_DECIDED_BY));
        String reason = String.valueOf(execution.getVariable(EXCEPTION_REASON));
        Instant now = clock.instant();
        if (id == null) {
            // A request of the earlier process version: recorded and mailed as then; nothing pauses.
            audit.record(c.id(), null, approved ? AuditEventType.EXCEPTION_APPROVED : AuditEventType.EXCEPTION_REFUSED,
                    by, (approved ? "Exception approved: " : "Exception refused: ") + reason, null);
            notices.send(c, approved ? "EXCEPTION_APPROVED" : "EXCEPTION_REFUSED", c.id() + ":exception-decided:"
                    + execution.getVariable(LEGACY_REQUESTED_AT), c.owner(), mails.render("exception-decided", c,
                    Map.of("decidedBy", by, "decision", approved ? "approved" : "refused", "approved", approved,
                            "paused", false, "reason", reason, "expiresAt", "not set")));
            return;
        }
        if (!records.decide(id, approved, by, reason, now)) {
            return; // recorded before: this step ran again
        }
        CaseException e = records.find(id).orElseThrow();
        boolean extension = c.state() == CaseState.EXCEPTION;
        if (approved) {
            String running = (String) execution.getVariable(RUNNING);
            if (extension && running != null) {
                records.end(running, CaseException.State.EXTENDED, "extended until " + e.expiresAt() + " by " + id, now);
                moveExpiry(execution, e.expiresAt());
            }
            execution.setVariable(RUNNING, id);
            execution.setVariable(EXCEPTION_EXPIRES_AT, Date.from(e.expiresAt()));
        }
        String what = extension ? "Extension" : "Exception";
        audit.record(c.id(), null, approved ? AuditEventType.EXCEPTION_APPROVED : AuditEventType.EXCEPTION_REFUSED, by,
                (approved ? what + " approved until " + e.expiresAt() + ": " : what + " refused: ") + reason, null);
    }

    /** The running exception's expiry timer, moved to an approved extension's expiry. */
    private static void moveExpiry(DelegateExecution execution, Instant expiresAt) {
        org.camunda.bpm.engine.impl.context.Context.getCommandContext().getJobManager()
                .findJobsByProcessInstanceId(execution.getProcessInstanceId()).stream()
                .filter(job -> RemediationProcess.Activity.EXCEPTION_EXPIRES.id().equals(job.getActivityId()))
                .forEach(job -> job.setDuedate(Date.from(expiresAt)));
    }

    /** An extension that was not decided before the exception it would extend ended. */
    public void lapse(DelegateExecution execution) {
        CaseView c = load(execution);
        String id = (String) execution.getVariable(EXCEPTION_ID);
        if (records.lapse(id, "the exception it would extend ended before a decision", clock.instant())) {
            audit.record(c.id(), null, AuditEventType.EXCEPTION_LAPSED, AuditLog.SYSTEM, "The request to extend the "
                    + "exception lapsed: the exception ended before a decision", null);
        }
    }

    /** Beside the rest: the owner (and the requester, if someone else) is told of the decision. */
    public void mailDecision(DelegateExecution execution) {
        CaseView c = load(execution);
        CaseException e = records.find((String) execution.getVariable(EXCEPTION_ID)).orElseThrow();
        boolean approved = Boolean.TRUE.equals(execution.getVariable(EXCEPTION_APPROVED));
        for (String person : new LinkedHashSet<>(java.util.Arrays.asList(c.owner(), e.requestedBy()))) {
            CaseMails.Mail mail = mails.render("exception-decided", c, Map.of("decidedBy", String.valueOf(e.decidedBy()),
                    "decision", approved ? "approved" : "refused", "approved", approved, "paused", true,
                    "reason", String.valueOf(e.decisionReason()), "expiresAt", e.expiresAt()));
            notices.send(c, approved ? "EXCEPTION_APPROVED" : "EXCEPTION_REFUSED",
                    c.id() + ":exception-decided:" + e.id() + ":" + person, person, mail);
        }
    }

    /** The step after the running exception expired or was revoked: recorded, and the SLA clock runs again. */
    public void end(DelegateExecution execution) {
        CaseView c = load(execution);
        String running = (String) execution.getVariable(RUNNING);
        Object revocation = execution.getVariable(EXCEPTION_END);
        Instant now = clock.instant();
        boolean revoked = revocation != null;
        String why = revoked ? limit(revocation.toString()) : "expired";
        if (running != null && records.end(running, revoked ? CaseException.State.REVOKED : CaseException.State.EXPIRED,
                why, now)) {
            audit.record(c.id(), null, revoked ? AuditEventType.EXCEPTION_REVOKED : AuditEventType.EXCEPTION_EXPIRED,
                    revoked ? String.valueOf(execution.getVariable(REVOKED_BY)) : AuditLog.SYSTEM,
                    revoked ? "Exception " + why : "Exception expired; the task is back with " + c.owner(), null);
        }
        execution.setVariable(EXCEPTION_END, revoked ? "exception " + why : "exception expired");
        slaClock.resume(execution);
        execution.removeVariable(EXCEPTION_END);
        execution.removeVariable(REVOKED_BY);
        execution.setVariable(ENDED_HOW, why);
    }

    static final String REVOKED_BY = "exceptionRevokedBy";

    /** A stored reason fits its column (2,000 characters), however long the person's own words were. */
    private static String limit(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 1999) + "…";
    }
    /** How the last exception ended, for the mail that says so. */
    static final String ENDED_HOW = "exceptionEndedHow";

    /** Beside the owner's returned task: the owner and the approver are told that the exception ended. */
    public void notifyEnded(DelegateExecution execution) {
        CaseView c = load(execution);
        CaseException e = records.find((String) execution.getVariable(RUNNING)).orElseThrow();
        for (String person : new LinkedHashSet<>(java.util.Arrays.asList(c.owner(), e.decidedBy()))) {
            CaseMails.Mail mail = mails.render("exception-ended", c, Map.of("how",
                    String.valueOf(execution.getVariable(ENDED_HOW)), "expiresAt", e.expiresAt()));
            notices.send(c, "EXCEPTION_ENDED", c.id() + ":exception-ended:" + e.id() + ":" + person, person, mail);
        }
    }

    /**
     * The approver's decision on the waiting request.
     *
     * @throws NoSuchElementException  when there is no such case
     * @throws IllegalStateException   when no request waits for a decision
     * @throws NotAnApproverException  when {@code decidedBy} may not decide it
     */
    @Transactional
    void decide(String caseId, String decidedBy, boolean administrator, boolean approved, String reason) {
        CaseView c = cases.find(caseId, clock.instant()).orElseThrow(() -> new NoSuchElementException("No case " + caseId));
        Task task = requests.pendingDecision(c).orElse(null);
        if (task == null) {
            // Nothing to decide; but someone who could never decide here is told that, not the case's state.
            if (!administrator && !requests.mayDecideSome(c, decidedBy)) {
                throw new NotAnApproverException("exceptions on case " + caseId + " are decided by its manager "
                        + c.manager() + " or the security approvers, not " + decidedBy);
            }
            throw new IllegalStateException("Case " + caseId + " has no exception request waiting for a decision");
        }
        CaseException e = records.requested(caseId).orElse(null);
        // A request of the earlier process version has no row: its case's manager decides it, as then.
        String requester = e != null ? e.requestedBy() : (String) caseTasks.variable(task, LEGACY_REQUESTED_BY);
        List<String> approvers = e != null ? e.approvers() : c.manager() == null ? List.of() : List.of(c.manager());
        if (decidedBy.equals(requester)) {
            throw new NotAnApproverException(decidedBy + " asked for this exception and may not decide it");
        }
        if (!administrator && !approvers.contains(decidedBy)) {
            throw new NotAnApproverException("the exception on case " + caseId + " is decided by "
                    + (approvers.isEmpty() ? "an administrator" : String.join(" or ", approvers)) + ", not " + decidedBy);
        }
        caseTasks.completeAs(decidedBy, task, Map.of(EXCEPTION_APPROVED, approved, EXCEPTION_REASON, reason,
                EXCEPTION_DECIDED_BY, decidedBy));
    }

    @Transactional
    void revoke(String caseId, String actor, String reason) {
        CaseView c = cases.find(caseId, clock.instant()).orElseThrow(() -> new NoSuchElementException("No case " + caseId));
        if (c.state() != CaseState.EXCEPTION) {
            throw new IllegalStateException("Case " + caseId + " has no running exception to revoke");
        }
        try {
            runtime.createMessageCorrelation(RemediationProcess.Message.EXCEPTION_REVOKED.messageName())
                    .processInstanceId(c.processInstanceId())
                    .setVariable(EXCEPTION_END, "revoked by " + actor + ": " + reason)
                    .setVariable(REVOKED_BY, actor).correlate();
        } catch (MismatchingMessageCorrelationException raced) {
            throw new IllegalStateException("Case " + caseId + " has no running exception to revoke any more", raced);
        }
    }

    /** The case's exceptions, oldest first. */
    List<CaseException> history(String caseId) {
        return records.ofCase(caseId);
    }

    private CaseView load(DelegateExecution execution) {
        String caseId = execution.getProcessBusinessKey();
        return cases.find(caseId, clock.instant())
                .orElseThrow(() -> new IllegalStateException("No remediation case " + caseId));
    }
}
