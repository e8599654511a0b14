package dev.fixline.remediation;

import static dev.fixline.remediation.RemediationProcess.Variable.MANAGER;
import static dev.fixline.remediation.RemediationProcess.Variable.OWNER;
import static dev.fixline.remediation.RemediationProcess.Variable.TEAM;

import dev.fixline.audit.AuditEventType;
import dev.fixline.audit.AuditLog;
import dev.fixline.ownership.Assignment;
import dev.fixline.ownership.OwnershipRules;
import java.time.Clock;
import java.util.Map;
import java.util.NoSuchElementException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reassigning a case in Fixline, to a person or to a team (whose owner and manager the ownership rules
 * name): the case, its process and its waiting task change at once; the new owner's mail and the ticket's
 * new assignee follow as steps of their own ("Reassigned" in the process), retried like any mail or
 * ticket step.
 */
@Component("caseReassignments")
public class CaseReassignments {

    static final String TO = "reassignedTo";
    static final String BY = "reassignedBy";
    static final String FROM = "reassignedFrom";
    static final String REASON = "reassignReason";
    /** Counts the reassignments of a case, so that each one's mail and comment are told apart. */
    static final String COUNT = "reassignments";

    /** Where a case goes: a person, a team, or a person in a team. */
    public record Target(String owner, String team) {
    }

    private final CaseRepository cases;
    private final OwnershipRules ownership;
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final CaseTasks caseTasks;
    private final dev.fixline.audit.AuditLog audit;
    private final CaseNotices notices;
    private final CaseMails mails;
    private final Clock clock;

    CaseReassignments(CaseRepository cases, OwnershipRules ownership, RuntimeService runtime, TaskService tasks,
                      CaseTasks caseTasks, dev.fixline.audit.AuditLog audit, CaseNotices notices, CaseMails mails,
                      Clock clock) {
        this.cases = cases;
        this.ownership = ownership;
        this.runtime = runtime;
        this.tasks = tasks;
        this.caseTasks = caseTasks;
        this.audit = audit;
        this.notices = notices;
        this.mails = mails;
        this.clock = clock;
    }

    /**
     * Gives the case to another owner, with the reason, on its timeline.
     *
     * @throws NoSuchElementException          when there is no such case
     * @throws ReassignmentInvalidException    when no rule names the team, or the case is theirs already
     * @throws IllegalStateException           when the case is closed or not started
     */
    @Transactional
    CaseView reassign(String caseId, String actor, Target target, String reason) {
        CaseView c = cases.find(caseId, clock.instant()).orElseThrow(() -> new NoSuchElementException("No case " + caseId));
        if (c.state() == CaseState.CLOSED || c.state() == CaseState.PENDING || c.processInstanceId() == null) {
            throw new IllegalStateException("Case " + caseId + " is " + c.state() + ": only a started case that is not "
                    + "closed can be reassigned");
        }
        String owner = target.owner();
        String team = target.team() != null ? target.team() : c.team();
        String manager = c.manager();
        if (target.team() != null) {
            Assignment named = ownership.team(target.team()).orElseThrow(() -> new ReassignmentInvalidException("team",
                    "no ownership rule names team " + target.team() + "; a case goes to a team its rules know"));
            owner = owner != null ? owner : named.owner();
            manager = named.manager();
        }
        if (owner.equals(c.owner()) && team.equals(String.valueOf(c.team()))) {
            throw new ReassignmentInvalidException(target.owner() != null ? "owner" : "team", "case " + caseId
                    + " is " + owner + "'s (team " + team + ") already");
        }
        cases.setOwnership(caseId, owner, team, manager, c.ownershipRule());
        runtime.setVariables(c.processInstanceId(), Map.of(OWNER, owner, TEAM, team, MANAGER, String.valueOf(manager)));
        String newTeam = team;
        String newOwner = owner;
        caseTasks.waiting(c, RemediationProcess.Activity.REMEDIATE).ifPresent(task -> {
            tasks.setAssignee(task.getId(), newOwner);
            if (c.team() != null) {
                tasks.deleteCandidateGroup(task.getId(), c.team());
            }
            tasks.addCandidateGroup(task.getId(), newTeam);
        });
        audit.record(caseId, null, AuditEventType.OWNER_CHANGED, actor, "Reassigned from " + c.owner() + " (team "
                + c.team() + ") to " + owner + " (team " + team + ") by " + actor + ": " + reason, AuditLog.evidence(
                "previousOwner", c.owner(), "owner", owner, "previousTeam", c.team(), "team", team, "manager", manager));
        caseTasks.asUser(actor, () -> runtime.createMessageCorrelation(RemediationProcess.Message.REASSIGNED
                        .messageName()).processInstanceId(c.processInstanceId())
                .setVariable(TO, newOwner).setVariable(FROM, String.valueOf(c.owner())).setVariable(BY, actor)
                .setVariable(REASON, reason).correlate());
        return cases.find(caseId, clock.instant()).orElseThrow();
    }

    /** The first step of "Reassigned": counts it, so that its mail and ticket comment are its own. */
    public void count(DelegateExecution execution) {
        Integer count = (Integer) execution.getVariable(COUNT);
        execution.setVariable(COUNT, count == null ? 1 : count + 1);
        execution.setVariableLocal(COUNT, execution.getVariable(COUNT));
    }

    /** Beside the rest: the new owner is told, with who handed the case over and why. */
    public void notifyNewOwner(DelegateExecution execution) {
        CaseView c = cases.find(execution.getProcessBusinessKey(), clock.instant()).orElseThrow();
        String to = (String) execution.getVariable(TO);
        notices.send(c, "ASSIGNED", c.id() + ":reassigned:" + execution.getVariable(COUNT) + ":" + to, to,
                mails.render("reassigned", c, Map.of("assignedBy", String.valueOf(execution.getVariable(BY)),
                        "where", "in Fixline (" + execution.getVariable(REASON) + ")")));
    }
}
