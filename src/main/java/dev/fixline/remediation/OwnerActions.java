package dev.fixline.remediation;

import java.time.Clock;
import java.util.NoSuchElementException;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a case's owner does in Fixline itself, as the process sees it: the same step a ticket moved to
 * done takes ({@link TicketFeedbackHandler}), through {@link CaseTasks}, with the person who acted.
 */
@Component
class OwnerActions {

    /** Variables the "Mark fixed" path hands to the step that records it (which removes them). */
    static final String FIXED_COMMENT = "fixedComment";
    static final String FIXED_DIGEST = "fixedDigest";

    private final CaseRepository cases;
    private final CaseTasks tasks;
    private final Clock clock;

    OwnerActions(CaseRepository cases, CaseTasks tasks, Clock clock) {
        this.cases = cases;
        this.tasks = tasks;
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
        Task task = tasks.waiting(c, RemediationProcess.Activity.REMEDIATE).orElse(null);
        if (c.state() != CaseState.OPEN || task == null) {
            throw new IllegalCaseTransitionException(caseId, c.state(), CaseTransition.AWAIT_VERIFICATION);
        }
        tasks.completeAs(actor, task, java.util.Map.of(FIXED_COMMENT, comment == null ? "" : comment,
                FIXED_DIGEST, digest == null ? "" : digest, RemediationProcess.Variable.OWNER_ACTION, "FIXED"));
        return cases.find(caseId, clock.instant()).orElseThrow();
    }
}
