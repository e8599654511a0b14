package dev.fixline.remediation;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/** The decisions waiting for an approver (an exception, its extension, a false positive): the engine's tasks. */
@Component
class PendingDecisions {

    /** What each decision is, by the activity that waits for it. */
    static final Map<String, String> WHAT = Map.of(
            RemediationProcess.Activity.DECIDE_EXCEPTION.id(), "Exception requested",
            RemediationProcess.Activity.DECIDE_EXTENSION.id(), "Extension requested",
            RemediationProcess.Activity.DECIDE_FALSE_POSITIVE.id(), "False positive claimed");

    private final TaskService tasks;

    PendingDecisions(TaskService tasks) {
        this.tasks = tasks;
    }

    /** Every decision waiting, of every case. */
    List<Task> all() {
        return tasks.createTaskQuery().taskDefinitionKeyIn(keys()).list();
    }

    /** Whether a decision on the case waits for this person (as a candidate, or the one it is assigned to). */
    boolean awaits(CaseView c, String person) {
        return !awaitedFrom(c, person).isEmpty();
    }

    /** The decisions on the case that wait for this person, by the activity waiting for each. */
    Set<String> awaitedFrom(CaseView c, String person) {
        Set<String> awaited = new LinkedHashSet<>();
        if (person != null) {
            waitingOn(c).stream().filter(t -> approvers(t).contains(person)).map(Task::getTaskDefinitionKey)
                    .forEach(awaited::add);
        }
        return awaited;
    }

    /** The decisions on the case that wait for anyone, by the activity waiting for each. */
    Set<String> pending(CaseView c) {
        Set<String> pending = new LinkedHashSet<>();
        waitingOn(c).stream().map(Task::getTaskDefinitionKey).forEach(pending::add);
        return pending;
    }

    private List<Task> waitingOn(CaseView c) {
        return c.processInstanceId() == null ? List.of()
                : tasks.createTaskQuery().processInstanceId(c.processInstanceId()).taskDefinitionKeyIn(keys()).list();
    }

    /** Who may take the decision: the one it is assigned to, and its candidates. */
    Set<String> approvers(Task task) {
        Set<String> people = new LinkedHashSet<>();
        if (task.getAssignee() != null) {
            people.add(task.getAssignee());
        }
        tasks.getIdentityLinksForTask(task.getId()).stream()
                .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getUserId() != null)
                .map(IdentityLink::getUserId).forEach(people::add);
        return people;
    }

    private static String[] keys() {
        return WHAT.keySet().toArray(String[]::new);
    }
}
