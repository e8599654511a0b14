package dev.fixline.remediation;

import dev.fixline.notification.DigestEntry;
import dev.fixline.notification.StandingDigestEntries;
import dev.fixline.ownership.OwnershipRules;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * The decisions waiting for an approver (an exception, its extension, a false positive), for their weekly
 * digest: each request was mailed at once; the digest keeps the ones still open in sight.
 */
@Component
class PendingDecisionsDigest implements StandingDigestEntries {

    static final String SECTION = "Decisions waiting for you";

    private final PendingDecisions decisions;
    private final RuntimeService runtime;
    private final CaseRepository cases;
    private final OwnershipRules ownership;
    private final CaseMails mails;
    private final Clock clock;

    PendingDecisionsDigest(PendingDecisions decisions, RuntimeService runtime, CaseRepository cases, OwnershipRules ownership,
                           CaseMails mails, Clock clock) {
        this.decisions = decisions;
        this.runtime = runtime;
        this.cases = cases;
        this.ownership = ownership;
        this.mails = mails;
        this.clock = clock;
    }

    @Override
    public List<DigestEntry> weekly() {
        List<Task> waiting = decisions.all();
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
            String headline = PendingDecisions.WHAT.get(task.getTaskDefinitionKey()) + ": " + CaseMails.title(c);
            for (String approver : decisions.approvers(task)) {
                entries.add(new DigestEntry(approver, ownership.emailOf(approver), SECTION, headline,
                        "Waiting since " + CaseMails.when(task.getCreateTime().toInstant()) + "; owner "
                                + c.owner() + ", due " + CaseMails.when(c.dueAt()), links.caseUrl(), links.ticketUrl(), task.getCreateTime().toInstant()));
            }
        }
        return entries;
    }

}
