package dev.fixline.remediation;

import java.time.Clock;
import java.util.NoSuchElementException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a case's owner does in Fixline itself, as the process sees it: the same steps a moved ticket
 * takes ({@link TicketFeedbackHandler}), with the person who acted recorded.
 */
@Component
class OwnerActions {

    /** Variables the "Mark fixed" path hands to the step that records it (which removes them). */
    static final String FIXED_COMMENT = "fixedComment";
    static final String FIXED_DIGEST = "fixedDigest";

    private final CaseRepository cases;
    private final TaskService tasks;
    private final IdentityService identity;
    private final Clock clock;

    OwnerActions(CaseRepository cases, TaskService tasks, IdentityService identity, Clock clock) {
        this.cases = cases;
        this.tasks = tasks;
        this.identity = identity;
        this.clock = clock;
    }

    /**
     * The owner says the case is fixed: its task completes and the case awaits verification by a rescan.
     *
     * @throws NoSuchElementException when there is no such case
     * @throws IllegalCaseTransitionException when the case is not open (closed, or already awaiting)
     */
    @Transactional
    CaseView markFixed(String caseId, String actor, String comment, String digest) {
        CaseView c = cases.find(caseId, clock.instant())
                .orElseThrow(() -> new NoSuchElementException("No case " + caseId));
        Task task = c.processInstanceId() == null ? null : tasks.createTaskQuery()
                .processInstanceId(c.processInstanceId())
                .taskDefinitionKey(RemediationProcess.Activity.REMEDIATE.id()).singleResult();
        if (c.state() != CaseState.OPEN || task == null) {
            throw new IllegalCaseTransitionException(caseId, c.state(), CaseTransition.AWAIT_VERIFICATION);
        }
        identity.setAuthenticatedUserId(actor);
        try {
            tasks.complete(task.getId(), java.util.Map.of(FIXED_COMMENT, comment == null ? "" : comment,
                    FIXED_DIGEST, digest == null ? "" : digest, RemediationProcess.Variable.OWNER_ACTION, "FIXED"));
        } finally {
            identity.clearAuthentication();
        }
        return cases.find(caseId, clock.instant()).orElseThrow();
    }
}
