package dev.fixline.remediation;

import static dev.fixline.remediation.RemediationProcess.Variable.EXCEPTION_ID;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes an exception request (in Fixline, or a ticket resolved as won't-do) or a request to extend the
 * running one: checks it against the policy ({@link ExceptionPolicy}: the longest exception, the most
 * deferral in all) and the case's state, records it, and hands it to the process. Also says who decides.
 */
@Component
class ExceptionRequests {

    private final CaseRepository cases;
    private final CaseExceptionRecords records;
    private final ExceptionPolicy policy;
    private final RuntimeService runtime;
    private final RepositoryService repository;
    private final CaseTasks caseTasks;
    private final Clock clock;

    ExceptionRequests(CaseRepository cases, CaseExceptionRecords records, ExceptionPolicy policy,
                      RuntimeService runtime, RepositoryService repository, CaseTasks caseTasks, Clock clock) {
        this.cases = cases;
        this.records = records;
        this.policy = policy;
        this.runtime = runtime;
        this.repository = repository;
        this.caseTasks = caseTasks;
        this.clock = clock;
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
    @Transactional(noRollbackFor = {ExceptionRequestRefusedException.class, ExceptionRequestInvalidException.class})
    CaseException request(String caseId, String actor, CaseExceptions.Request request, String source) {
        Instant now = clock.instant();
        CaseView c = cases.find(caseId, now).orElseThrow(() -> new NoSuchElementException("No case " + caseId));
        Instant expiresAt = request.expiresAt() != null ? request.expiresAt() : latestExpiry(c, now);
        Optional<Task> remediate = caseTasks.waiting(c, RemediationProcess.Activity.REMEDIATE);
        boolean extension = c.state() == CaseState.EXCEPTION;
        if (pendingDecision(c).isPresent()) {
            throw new ExceptionRequestRefusedException("Case " + caseId + " has an exception request waiting for a "
                    + "decision");
        }
        if (!knowsExceptions(c)) {
            throw new ExceptionRequestRefusedException("Case " + caseId + " started on an earlier version of the "
                    + "remediation process, which cannot pause its SLA clock; its owner works it as before");
        }
        if (!extension && (c.state() != CaseState.OPEN || remediate.isEmpty())) {
            throw new ExceptionRequestRefusedException("Case " + caseId + " is " + c.state() + ": an exception can be "
                    + "asked for while the case is open with its owner, or extended while one runs");
        }
        if (approvers(c, actor).isEmpty()) {
            throw new ExceptionRequestRefusedException("Nobody but " + actor + " may decide an exception on case "
                    + caseId + "; an administrator may");
        }
        checkExpiry(c, expiresAt, now);
        CaseException e = new CaseException(UUID.randomUUID().toString(), caseId, CaseException.State.REQUESTED,
                actor, now, source, request.reason(), request.compensatingControl(), expiresAt, List.of(),
                null, null, null, null, null);
        records.insert(e);
        try {
            if (extension) {
                caseTasks.asUser(actor, () -> runtime.createMessageCorrelation(
                                RemediationProcess.Message.EXTENSION_REQUESTED.messageName())
                        .processInstanceId(c.processInstanceId()).setVariable(EXCEPTION_ID, e.id()).correlate());
            } else {
                caseTasks.completeAs(actor, remediate.get(), Map.of(RemediationProcess.Variable.OWNER_ACTION,
                        "EXCEPTION", EXCEPTION_ID, e.id()));
            }
        } catch (MismatchingMessageCorrelationException raced) {
            // The exception ended between the read above and now: nothing is asked for (this rolls back).
            throw new IllegalStateException("Case " + caseId + " has no running exception to extend any more", raced);
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

    /** Whether the person could decide a request on the case, whoever asked: its manager, a security approver. */
    boolean mayDecideSome(CaseView c, String person) {
        return person.equals(c.manager()) || policy.securityApprovers().contains(person);
    }

    /** The decision waiting on the case: on a request, or on a request to extend the running exception. */
    Optional<Task> pendingDecision(CaseView c) {
        return caseTasks.waiting(c, RemediationProcess.Activity.DECIDE_EXCEPTION)
                .or(() -> caseTasks.waiting(c, RemediationProcess.Activity.DECIDE_EXTENSION));
    }
}
