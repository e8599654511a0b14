package dev.fixline.remediation;

import dev.fixline.audit.AuditEventType;
import dev.fixline.audit.AuditLog;
import dev.fixline.notification.Notification;
import dev.fixline.notification.Notifier;
import dev.fixline.ownership.OwnershipRules;
import dev.fixline.ticketing.TicketActor;
import dev.fixline.ticketing.TicketFeedback;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * What people do in tickets, turned into the case's process: done means the owner says fixed (the case
 * then waits for the rescan), won't-do asks for an exception, a new assignee is the new owner.
 */
@Component
class TicketFeedbackHandler implements TicketFeedback {


    private final CaseRepository cases;
    private final TaskService tasks;
    private final CaseTasks caseTasks;
    private final RuntimeService runtime;
    private final OwnershipRules ownership;
    private final AuditLog audit;
    private final ExceptionRequests requests;
    private final Notifier notifier;

    private final Clock clock;
    private final CaseMails mails;

    TicketFeedbackHandler(CaseRepository cases, TaskService tasks, CaseTasks caseTasks, RuntimeService runtime,
                          OwnershipRules ownership, AuditLog audit, ExceptionRequests requests, Notifier notifier,
                          CaseMails mails, Clock clock) {
        this.mails = mails;
        this.clock = clock;
        this.notifier = notifier;
        this.cases = cases;
        this.tasks = tasks;
        this.runtime = runtime;
        this.caseTasks = caseTasks;
        this.ownership = ownership;
        this.audit = audit;
        this.requests = requests;
    }

    @Override
    public String ownerResolved(String caseId, TicketActor actor, String resolution) {
        CaseView c = openCase(caseId);
        if (c == null) {
            return "Case " + caseId + " is closed already";
        }
        Task task = remediateTask(c);
        if (task == null) {
            return "Case " + caseId + " already waits for a rescan (" + c.state() + ")";
        }
        String who = ownership.personOf(actor.name());
        audit.record(caseId, null, AuditEventType.TICKET_RESOLVED, who, "Ticket moved to done" + (resolution == null ? ""
                : " (" + resolution + ")") + " by " + who, null);
        caseTasks.completeAs(who, task, java.util.Map.of());
        return "Case " + caseId + " marked fixed by " + who + "; it closes when a rescan shows the fix";
    }

    @Override
    public String exceptionRequested(String caseId, TicketActor actor, String resolution) {
        CaseView c = openCase(caseId);
        if (c == null) {
            return "Case " + caseId + " is closed already";
        }
        String who = ownership.personOf(actor.name());
        try {
            CaseException e = requests.request(caseId, who, new CaseExceptions.Request("Ticket resolved as '"
                    + resolution + "' by " + who, null, null), "ticket");
            return "Exception requested for case " + caseId + " by " + who + " until " + e.expiresAt();
        } catch (ExceptionRequestRefusedException | ExceptionRequestInvalidException e) {
            return "No exception requested for case " + caseId + ": " + e.getMessage();
        }
    }

    @Override
    public String ownerChanged(String caseId, String newOwnerEmail, TicketActor actor) {
        CaseView c = openCase(caseId);
        if (c == null) {
            return "Case " + caseId + " is closed already";
        }
        String owner = ownership.personOf(newOwnerEmail);
        if (owner.equals(c.owner())) {
            return "Case " + caseId + " is owned by " + owner + " already";
        }
        String who = ownership.personOf(actor.name()); // before anything changes: naming may fail and be retried
        cases.setOwnership(caseId, owner, c.team(), c.manager(), c.ownershipRule());
        runtime.setVariable(c.processInstanceId(), RemediationProcess.Variable.OWNER, owner);
        Task task = remediateTask(c);
        if (task != null) {
            tasks.setAssignee(task.getId(), owner);
        }
        audit.record(caseId, null, AuditEventType.OWNER_CHANGED, who, "Owner changed from " + c.owner() + " to " + owner
                + " (the ticket was reassigned by " + who + ")", AuditLog.evidence("previousOwner", c.owner(), "owner", owner,
                "team", c.team(), "manager", c.manager()));
        CaseMails.Mail mail = mails.render("reassigned", c, Map.of("title", CaseTicketSteps.title(c),
                "assignedBy", String.valueOf(who), "where", "in its ticket"));
        notifier.send(new Notification(caseId + ":reassigned:" + owner, "ASSIGNED", new Notification.Regarding(caseId,
                c.team(), mail.caseUrl(), mail.ticketUrl()), owner, ownership.emailOf(owner), mail.subject(),
                mail.body(), mail.html(), dev.fixline.notification.Delivery.NOW));
        return "Case " + caseId + " now owned by " + owner;
    }

    private CaseView openCase(String caseId) {
        return cases.find(caseId, now()).filter(c -> c.state() != CaseState.CLOSED && c.processInstanceId() != null)
                .orElse(null);
    }

    private Task remediateTask(CaseView c) {
        return tasks.createTaskQuery().processInstanceId(c.processInstanceId()).taskDefinitionKey(RemediationProcess.Activity.REMEDIATE.id()).list()
                .stream().findFirst().orElse(null);
    }

    private Instant now() {
        return clock.instant();
    }
}
