package dev.fixline.remediation;

import dev.fixline.notification.DigestEntry;
import dev.fixline.notification.StandingDigestEntries;
import dev.fixline.ownership.OwnershipRules;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * The decisions waiting for an approver (an exception, its extension, a false positive), for their weekly
 * digest: each request was mailed at once; the digest keeps the ones still open in sight.
 */
@Component
class PendingDecisionsDigest implements StandingDigestEntries {

    static final String SECTION = "Decisions waiting for you";

    private static final Map<String, String> WHAT = Map.of(
            RemediationProcess.Activity.DECIDE_EXCEPTION.id(), "Exception requested",
            RemediationProcess.Activity.DECIDE_EXTENSION.id(), "Extension requested",
            RemediationProcess.Activity.DECIDE_FALSE_POSITIVE.id(), "False positive claimed");

    private final TaskService tasks;
    private final RuntimeService runtime;
    private final CaseRepository cases;
    private final OwnershipRules ownership;
    private final CaseMails mails;
    private final Clock clock;

    PendingDecisionsDigest(TaskService tasks, RuntimeService runtime, CaseRepository cases, OwnershipRules ownership,
                           CaseMails mails, Clock clock) {
        this.tasks = tasks;
        this.runtime = runtime;
        this.cases = cases;
        this.ownership = ownership;
        this.mails = mails;
        this.clock = clock;
    }

    @Override
    public List<DigestEntry> weekly() {
        List<Task> waiting = tasks.createTaskQuery().taskDefinitionKeyIn(WHAT.keySet().toArray(String[]::new)).list();
        if (waiting.isEmpty()) {
            return List.of();
        }
        Map<String, String> caseOf = runtime.createProcessInstanceQuery()
                .processInstanceIds(waiting.stream().map(Task::getProcessInstanceId).collect(Collectors.toSet()))
                .list().stream().collect(Collectors.toMap(ProcessInstance::getId, ProcessInstance::getBusinessKey));
        List<DigestEntry> entries = new ArrayList<>();
        for (Task task : waiting) {
            CaseView c = cases.find(caseOf.get(task.getProcessInstanceId()), clock.instant()).orElse(null);
            if (c == null) {
                continue;
            }
            CaseMails.Links links = mails.links(c);
            String headline = WHAT.get(task.getTaskDefinitionKey()) + ": " + CaseMails.title(c);
            for (String approver : approvers(task)) {
                entries.add(new DigestEntry(approver, ownership.emailOf(approver), SECTION, headline,
                        "Waiting since " + CaseMails.when(task.getCreateTime().toInstant()) + "; owner "
                                + c.owner() + ", due " + CaseMails.when(c.dueAt()), links.caseUrl(), links.ticketUrl(), task.getCreateTime().toInstant()));
            }
        }
        return entries;
    }

    private Set<String> approvers(Task task) {
        Set<String> people = new LinkedHashSet<>();
        if (task.getAssignee() != null) {
            people.add(task.getAssignee());
        }
        tasks.getIdentityLinksForTask(task.getId()).stream()
                .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getUserId() != null)
                .map(IdentityLink::getUserId).forEach(people::add);
        return people;
    }

}
