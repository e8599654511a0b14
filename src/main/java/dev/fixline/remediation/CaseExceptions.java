package dev.fixline.remediation;

import dev.fixline.audit.AuditEventType;
import dev.fixline.audit.AuditLog;
import dev.fixline.notification.Notification;
import dev.fixline.notification.Notifier;
import dev.fixline.ownership.OwnershipRules;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.NoSuchElementException;
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
 * Requests for an exception ("we will not fix this") and the manager's decision. A request comes from a
 * ticket resolved as won't-do; the manager decides in Tasklist or through the API; the decision is
 * recorded on the timeline and on the ticket. A decision does not close the case: only a rescan does.
 * The case's deadlines and escalations run on regardless of the decision; what an approved exception
 * should suspend, and until when, is left to the exception workflow still to come.
 */
@Component("caseExceptions")
public class CaseExceptions {

    static final String REQUESTED_BY = "exceptionRequestedBy";
    static final String REQUESTED_AT = "exceptionRequestedAt";
    static final String RESOLUTION = "exceptionResolution";
    static final String APPROVED = "exceptionApproved";
    static final String REASON = "exceptionReason";
    static final String DECIDED_BY = "exceptionDecidedBy";

    private final CaseRepository cases;
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final AuditLog audit;
    private final Notifier notifier;
    private final OwnershipRules ownership;

    private final Clock clock;
    private final CaseMails mails;

    CaseExceptions(CaseRepository cases, RuntimeService runtime, TaskService tasks, AuditLog audit, Notifier notifier,
                   OwnershipRules ownership, CaseMails mails, Clock clock) {
        this.mails = mails;
        this.clock = clock;
        this.cases = cases;
        this.runtime = runtime;
        this.tasks = tasks;
        this.audit = audit;
        this.notifier = notifier;
        this.ownership = ownership;
    }

    /** Starts the decision unless one is already waiting; returns what happened, in words. */
    String request(CaseView c, String person, String resolution) {
        if (pendingDecision(c).isPresent()) {
            return "An exception request for case " + c.id() + " already waits for " + c.manager();
        }
        runtime.createMessageCorrelation(RemediationProcess.Message.EXCEPTION_REQUESTED.messageName()).processInstanceId(c.processInstanceId())
                .setVariable(REQUESTED_BY, person).setVariable(RESOLUTION, resolution)
                .setVariable(REQUESTED_AT, now().toEpochMilli()).correlate();
        return "Exception requested for case " + c.id() + " by " + person + "; manager " + c.manager() + " decides";
    }

    /** The step after the request: on the timeline, and the manager is told. */
    public void recordRequest(DelegateExecution execution) {
        CaseView c = load(execution);
        String by = (String) execution.getVariable(REQUESTED_BY);
        audit.record(c.id(), null, AuditEventType.EXCEPTION_REQUESTED, by, "Exception requested (ticket resolved as '"
                + execution.getVariable(RESOLUTION) + "'); manager " + c.manager() + " decides", null);
        String to = ownership.emailOf(c.manager());
        CaseMails.Mail mail = mails.render("exception-requested", c, Map.of("title", CaseTicketSteps.title(c),
                "requestedBy", String.valueOf(by), "resolution", String.valueOf(execution.getVariable(RESOLUTION))));
        notifier.send(new Notification(c.id() + ":exception-requested:" + execution.getVariable(REQUESTED_AT),
                "EXCEPTION_REQUESTED", c.id(), to, mail.subject(), mail.body()));
    }

    /**
     * When the decision task completes, from Fixline's API or from Tasklist: it needs a reason, and it
     * records who decided (Tasklist sets no variable for that: the logged-in user, else the assignee).
     */
    public void decisionMade(DelegateTask task) {
        Object reason = task.getVariable(REASON);
        if (reason == null || reason.toString().isBlank()) {
            throw new ProcessEngineException("A decision on an exception needs a reason (variable " + REASON + ")");
        }
        if (task.getVariable(APPROVED) == null) {
            throw new ProcessEngineException("A decision on an exception must say whether it is approved (variable "
                    + APPROVED + ")");
        }
        if (task.getVariable(DECIDED_BY) == null) {
            Authentication who = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
            task.setVariable(DECIDED_BY, who != null ? who.getUserId() : task.getAssignee());
        }
    }

    /** The step after the decision: on the timeline, and the owner is told. */
    public void recordDecision(DelegateExecution execution) {
        CaseView c = load(execution);
        boolean approved = Boolean.TRUE.equals(execution.getVariable(APPROVED));
        String by = String.valueOf(execution.getVariable(DECIDED_BY));
        String reason = String.valueOf(execution.getVariable(REASON));
        audit.record(c.id(), null, approved ? AuditEventType.EXCEPTION_APPROVED : AuditEventType.EXCEPTION_REFUSED, by,
                (approved ? "Exception approved: " : "Exception refused: ") + reason, null);
        CaseMails.Mail mail = mails.render("exception-decided", c, Map.of("title", CaseTicketSteps.title(c),
                "decidedBy", String.valueOf(by), "decision", approved ? "approved" : "refused", "approved", approved,
                "reason", reason));
        notifier.send(new Notification(c.id() + ":exception-decided:" + execution.getVariable(REQUESTED_AT),
                approved ? "EXCEPTION_APPROVED" : "EXCEPTION_REFUSED", c.id(), ownership.emailOf(c.owner()),
                mail.subject(), mail.body()));
    }

    /**
     * The manager's decision on the waiting request.
     *
     * @throws NoSuchElementException when there is no such case
     * @throws IllegalStateException  when no request waits for a decision
     */
    @Transactional
    void decide(String caseId, String decidedBy, boolean approved, String reason) {
        CaseView c = cases.find(caseId, now()).orElseThrow(() -> new NoSuchElementException("No case " + caseId));
        Task task = pendingDecision(c).orElseThrow(() -> new IllegalStateException(
                "Case " + caseId + " has no exception request waiting for a decision"));
        tasks.complete(task.getId(), Map.of(APPROVED, approved, REASON, reason, DECIDED_BY, decidedBy));
    }

    private java.util.Optional<Task> pendingDecision(CaseView c) {
        if (c.processInstanceId() == null) {
            return java.util.Optional.empty();
        }
        return tasks.createTaskQuery().processInstanceId(c.processInstanceId()).taskDefinitionKey(RemediationProcess.Activity.DECIDE_EXCEPTION.id())
                .list().stream().findFirst();
    }

    private CaseView load(DelegateExecution execution) {
        String caseId = execution.getProcessBusinessKey();
        return cases.find(caseId, now()).orElseThrow(() -> new IllegalStateException("No remediation case " + caseId));
    }

    private Instant now() {
        return clock.instant();
    }
}
