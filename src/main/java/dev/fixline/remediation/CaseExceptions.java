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
import dev.fixline.notification.Notification;
import dev.fixline.notification.Notifier;
import dev.fixline.ownership.OwnershipRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Exceptions (risk acceptance): the owner's request (in Fixline, or a ticket resolved as won't-do), the
 * approver's decision, the running exception that pauses the SLA clock, and its end at expiry or by
 * revocation. A request while one runs asks to extend it. A decision does not close the case: only a
 * rescan does.
 */
@Component("caseExceptions")
public class CaseExceptions {

    /** The running exception, which an approved extension replaces. */
    static final String RUNNING = "runningExceptionId";

    private final CaseRepository cases;
    private final CaseExceptionRecords records;
    private final ExceptionPolicy policy;
    private final SlaClock slaClock;
    private final RuntimeService runtime;
    private final org.camunda.bpm.engine.RepositoryService repository;
    private final TaskService tasks;
    private final IdentityService identity;
    private final AuditLog audit;
    private final Notifier notifier;
    private final OwnershipRules ownership;
    private final CaseMails mails;
    private final Clock clock;

    CaseExceptions(CaseRepository cases, CaseExceptionRecords records, ExceptionPolicy policy, SlaClock slaClock,
                   RuntimeService runtime, org.camunda.bpm.engine.RepositoryService repository, TaskService tasks,
                   IdentityService identity, AuditLog audit, Notifier notifier, OwnershipRules ownership,
                   CaseMails mails, Clock clock) {
        this.repository = repository;
        this.cases = cases;
        this.records = records;
        this.policy = policy;
        this.slaClock = slaClock;
        this.runtime = runtime;
        this.tasks = tasks;
        this.identity = identity;
        this.audit = audit;
        this.notifier = notifier;
        this.ownership = ownership;
        this.mails = mails;
        this.clock = clock;
    }

    /** What is asked for: why, what limits the risk meanwhile, and until when. */
    public record Request(String reason, String compensatingControl, Instant expiresAt) {
    }

    /**
     * Asks for an exception, or, while one runs, for its extension.
     *
     * @param source {@code api} or {@code ticket}
     * @throws NoSuchElementException             when there is no such case
     * @throws ExceptionRequestInvalidException   when the expiry is past, or later than the policy allows
     * @throws IllegalStateException              when the case cannot take a request now (closed, awaiting
     *                                            verification, a request already waiting)
     */
    @Transactional
    CaseException request(String caseId, String actor, Request request, String source) {
        Instant now = clock.instant();
        CaseView c = cases.find(caseId, now).orElseThrow(() -> new NoSuchElementException("No case " + caseId));
        checkExpiry(c, request.expiresAt(), now);
        Optional<Task> remediate = task(c, RemediationProcess.Activity.REMEDIATE);
        boolean extension = c.state() == CaseState.EXCEPTION;
        if (pendingDecision(c).isPresent()) {
            throw new IllegalStateException("Case " + caseId + " has an exception request waiting for a decision");
        }
        if (!knowsExceptions(c)) {
            throw new IllegalStateException("Case " + caseId + " started on an earlier version of the remediation "
                    + "process, which cannot pause its SLA clock; ask for its exception in the ticket's comments or "
                    + "after the case reopens");
        }
        if (!extension && (c.state() != CaseState.OPEN || remediate.isEmpty())) {
            throw new IllegalStateException("Case " + caseId + " is " + c.state() + ": an exception can be asked for "
                    + "while the case is open with its owner, or extended while one runs");
        }
        CaseException e = new CaseException(UUID.randomUUID().toString(), caseId, CaseException.State.REQUESTED,
                actor, now, source, request.reason(), request.compensatingControl(), request.expiresAt(), List.of(),
                null, null, null, null, null);
        records.insert(e);
        identity.setAuthenticatedUserId(actor);
        try {
            if (extension) {
                runtime.createMessageCorrelation(RemediationProcess.Message.EXTENSION_REQUESTED.messageName())
                        .processInstanceId(c.processInstanceId()).setVariable(EXCEPTION_ID, e.id()).correlate();
            } else {
                tasks.complete(remediate.get().getId(), Map.of(RemediationProcess.Variable.OWNER_ACTION, "EXCEPTION",
                        EXCEPTION_ID, e.id()));
            }
        } finally {
            identity.clearAuthentication();
        }
        return records.find(e.id()).orElseThrow();
    }

    /** Whether the case's process version has the exception path (cases started before it do not). */
    private boolean knowsExceptions(CaseView c) {
        if (c.processInstanceId() == null) {
            return false;
        }
        var instance = runtime.createProcessInstanceQuery().processInstanceId(c.processInstanceId()).singleResult();
        return instance != null && repository.getBpmnModelInstance(instance.getProcessDefinitionId())
                .getModelElementById(RemediationProcess.Activity.EXCEPTION_RUNS.id()) != null;
    }

    /** The latest expiry the policy allows a request on this case made {@code now}. */
    Instant latestExpiry(CaseView c, Instant now) {
        Duration used = c.pausedFor() == null ? Duration.ZERO : c.pausedFor();
        Duration leftInTotal = policy.maxTotalDeferral(c.severity()).minus(used);
        Duration allowed = policy.maxDuration(c.severity()).compareTo(leftInTotal) < 0
                ? policy.maxDuration(c.severity()) : leftInTotal;
        return now.plus(allowed.isNegative() ? Duration.ZERO : allowed);
    }

    private void checkExpiry(CaseView c, Instant expiresAt, Instant now) {
        if (!expiresAt.isAfter(now)) {
            throw new ExceptionRequestInvalidException("expiresAt", "must be in the future, was " + expiresAt);
        }
        Instant latest = latestExpiry(c, now);
        if (expiresAt.isAfter(latest)) {
            throw new ExceptionRequestInvalidException("expiresAt", "at most " + latest + " for a "
                    + c.severity().label() + " case: one exception runs at most "
                    + days(policy.maxDuration(c.severity())) + ", and a case's SLA may be paused at most "
                    + days(policy.maxTotalDeferral(c.severity())) + " in all (paused so far: "
                    + SlaClock.readable(c.pausedFor() == null ? Duration.ZERO : c.pausedFor()) + ")");
        }
    }

    private static String days(Duration d) {
        return d.toHours() % 24 == 0 ? d.toDays() + " days" : SlaClock.readable(d);
    }

    /** The step after a request: on the timeline, with who decides it. */
    public void recordRequest(DelegateExecution execution) {
        CaseView c = load(execution);
        CaseException e = records.find((String) execution.getVariable(EXCEPTION_ID)).orElseThrow();
        List<String> approvers = approvers(c, e.requestedBy());
        records.setApprovers(e.id(), approvers);
        execution.setVariable(EXCEPTION_APPROVERS, String.join(",", approvers));
        execution.removeVariable(RemediationProcess.Variable.OWNER_ACTION);
        if (execution.getVariable(SLA_PAUSED) == null) {
            execution.setVariable(SLA_PAUSED, false);
        }
        audit.record(c.id(), null, AuditEventType.EXCEPTION_REQUESTED, e.requestedBy(),
                (c.state() == CaseState.EXCEPTION ? "Extension of the exception requested until " : "Exception requested until ")
                        + e.expiresAt() + (e.source().equals("ticket") ? " (from the ticket)" : "") + ": " + e.reason()
                        + (e.compensatingControl() == null ? "" : "; compensating control: " + e.compensatingControl())
                        + "; decided by " + String.join(" or ", approvers), null);
    }

    /**
     * Who decides: the case's manager; for a Critical case, the security approvers. Never the person who
     * asked: when the manager asked, the security approvers decide.
     */
    List<String> approvers(CaseView c, String requestedBy) {
        Set<String> approvers = new LinkedHashSet<>();
        if (c.severity() != dev.fixline.finding.Severity.CRITICAL && c.manager() != null) {
            approvers.add(c.manager());
        }
        approvers.remove(requestedBy);
        if (approvers.isEmpty()) {
            approvers.addAll(policy.securityApprovers());
            approvers.remove(requestedBy);
        }
        return List.copyOf(approvers);
    }

    /** Beside the decision task: each approver is told of the request. */
    public void mailRequest(DelegateExecution execution) {
        CaseView c = load(execution);
        CaseException e = records.find((String) execution.getVariable(EXCEPTION_ID)).orElseThrow();
        for (String approver : approvers(c, e.requestedBy())) {
            CaseMails.Mail mail = mails.render("exception-requested", c, Map.of("requestedBy", e.requestedBy(),
                    "reason", e.reason(), "control", String.valueOf(e.compensatingControl()),
                    "expiresAt", e.expiresAt().toString(), "extension", c.state() == CaseState.EXCEPTION));
            send(c, "EXCEPTION_REQUESTED", c.id() + ":exception-requested:" + e.id() + ":" + approver, approver, mail);
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
    }

    /** The step after the decision: recorded, and an approved one runs until its expiry. */
    public void recordDecision(DelegateExecution execution) {
        CaseView c = load(execution);
        String id = (String) execution.getVariable(EXCEPTION_ID);
        boolean approved = Boolean.TRUE.equals(execution.getVariable(EXCEPTION_APPROVED));
        String by = String.valueOf(execution.getVariable(EXCEPTION_DECIDED_BY));
        String reason = String.valueOf(execution.getVariable(EXCEPTION_REASON));
        Instant now = clock.instant();
        if (!records.decide(id, approved, by, reason, now)) {
            return; // recorded before: this step ran again
        }
        CaseException e = records.find(id).orElseThrow();
        if (approved) {
            String running = (String) execution.getVariable(RUNNING);
            if (running != null && Boolean.TRUE.equals(execution.getVariable(SLA_PAUSED))) {
                records.end(running, CaseException.State.EXTENDED, "extended until " + e.expiresAt() + " by " + id, now);
            }
            execution.setVariable(RUNNING, id);
            execution.setVariable(EXCEPTION_EXPIRES_AT, Date.from(e.expiresAt()));
        }
        audit.record(c.id(), null, approved ? AuditEventType.EXCEPTION_APPROVED : AuditEventType.EXCEPTION_REFUSED, by,
                (approved ? "Exception approved until " + e.expiresAt() + ": " : "Exception refused: ") + reason, null);
    }

    /** Beside the rest: the owner (and the requester, if someone else) is told of the decision. */
    public void mailDecision(DelegateExecution execution) {
        CaseView c = load(execution);
        CaseException e = records.find((String) execution.getVariable(EXCEPTION_ID)).orElseThrow();
        boolean approved = e.state() != CaseException.State.REFUSED;
        for (String person : new LinkedHashSet<>(java.util.Arrays.asList(c.owner(), e.requestedBy()))) {
            CaseMails.Mail mail = mails.render("exception-decided", c, Map.of("decidedBy", String.valueOf(e.decidedBy()),
                    "decision", approved ? "approved" : "refused", "approved", approved,
                    "reason", String.valueOf(e.decisionReason()), "expiresAt", e.expiresAt().toString()));
            send(c, approved ? "EXCEPTION_APPROVED" : "EXCEPTION_REFUSED",
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
        String why = revoked ? revocation.toString() : "expired";
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
    /** How the last exception ended, for the mail that says so. */
    static final String ENDED_HOW = "exceptionEndedHow";

    /** Beside the owner's returned task: the owner and the approver are told that the exception ended. */
    public void notifyEnded(DelegateExecution execution) {
        CaseView c = load(execution);
        CaseException e = records.find((String) execution.getVariable(RUNNING)).orElseThrow();
        for (String person : new LinkedHashSet<>(java.util.Arrays.asList(c.owner(), e.decidedBy()))) {
            CaseMails.Mail mail = mails.render("exception-ended", c, Map.of("how",
                    String.valueOf(execution.getVariable(ENDED_HOW)), "expiresAt", e.expiresAt().toString()));
            send(c, "EXCEPTION_ENDED", c.id() + ":exception-ended:" + e.id() + ":" + person, person, mail);
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
        Task task = pendingDecision(c).orElseThrow(() -> new IllegalStateException(
                "Case " + caseId + " has no exception request waiting for a decision"));
        CaseException e = records.live(List.of(caseId)).get(caseId);
        if (e != null && decidedBy.equals(e.requestedBy())) {
            throw new NotAnApproverException(decidedBy + " asked for this exception and may not decide it");
        }
        if (!administrator && (e == null || !e.approvers().contains(decidedBy))) {
            throw new NotAnApproverException("the exception on case " + caseId + " is decided by "
                    + (e == null ? "its approvers" : String.join(" or ", e.approvers())) + ", not " + decidedBy);
        }
        identity.setAuthenticatedUserId(decidedBy);
        try {
            tasks.complete(task.getId(), Map.of(EXCEPTION_APPROVED, approved, EXCEPTION_REASON, reason,
                    EXCEPTION_DECIDED_BY, decidedBy));
        } finally {
            identity.clearAuthentication();
        }
    }

    /**
     * Ends the running exception before its expiry: the SLA clock runs again and the task returns.
     *
     * @throws NoSuchElementException when there is no such case
     * @throws IllegalStateException  when no exception runs on the case
     */
    @Transactional
    void revoke(String caseId, String actor, String reason) {
        CaseView c = cases.find(caseId, clock.instant()).orElseThrow(() -> new NoSuchElementException("No case " + caseId));
        if (c.state() != CaseState.EXCEPTION || pendingDecision(c).isPresent()) {
            throw new IllegalStateException("Case " + caseId + " has no running exception to revoke"
                    + (c.state() == CaseState.EXCEPTION ? " while an extension waits for its decision" : ""));
        }
        runtime.createMessageCorrelation(RemediationProcess.Message.EXCEPTION_REVOKED.messageName())
                .processInstanceId(c.processInstanceId())
                .setVariable(EXCEPTION_END, "revoked by " + actor + ": " + reason)
                .setVariable(REVOKED_BY, actor).correlate();
    }

    /** The case's exceptions, oldest first. */
    List<CaseException> history(String caseId) {
        return records.ofCase(caseId);
    }

    private Optional<Task> pendingDecision(CaseView c) {
        return task(c, RemediationProcess.Activity.DECIDE_EXCEPTION);
    }

    private Optional<Task> task(CaseView c, RemediationProcess.Activity activity) {
        if (c.processInstanceId() == null) {
            return Optional.empty();
        }
        return tasks.createTaskQuery().processInstanceId(c.processInstanceId()).taskDefinitionKey(activity.id())
                .list().stream().findFirst();
    }

    private void send(CaseView c, String kind, String dedupKey, String person, CaseMails.Mail mail) {
        String to = ownership.emailOf(person);
        notifier.send(new Notification(dedupKey, kind, c.id(), to, mail.subject(), mail.body()),
                () -> audit.record(c.id(), null, AuditEventType.NOTIFIED, AuditLog.SYSTEM,
                        kind + " notice sent to " + person + " <" + to + ">", null));
    }

    private CaseView load(DelegateExecution execution) {
        String caseId = execution.getProcessBusinessKey();
        return cases.find(caseId, clock.instant())
                .orElseThrow(() -> new IllegalStateException("No remediation case " + caseId));
    }
}
