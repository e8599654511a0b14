package dev.fixline.remediation;

import dev.fixline.audit.AuditEventType;
import dev.fixline.audit.AuditLog;
import dev.fixline.finding.SweepApplied;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.MessageCorrelationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Carries out what sweeps decided: starts pending cases, then correlates closures. Each case is
 * claimed and started in one transaction with the engine, so a case starts exactly once even with
 * several nodes; work left by a crash is picked up by the next run.
 */
@Component
public class CaseDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CaseDispatcher.class);

    private final CaseRepository cases;
    private final RuntimeService runtime;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final RemediationProperties properties;
    private final Clock clock;
    /** Dispatches right after a sweep commits, off the request's thread; one run at a time anyway. */
    private final ThreadPoolTaskExecutor worker;
    private final AtomicBoolean queued = new AtomicBoolean();
    /** Set on shutdown: the case being started finishes, the others stay PENDING for the next start. */
    private volatile boolean stopping;

    CaseDispatcher(CaseRepository cases, RuntimeService runtime, AuditLog audit, TransactionTemplate tx,
                   RemediationProperties properties, Clock clock, ThreadPoolTaskExecutorBuilder executors) {
        this.worker = executors.corePoolSize(1).maxPoolSize(1).threadNamePrefix("case-dispatcher-")
                .awaitTermination(false).build();
        this.worker.initialize();
        this.cases = cases;
        this.runtime = runtime;
        this.audit = audit;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
    }

    @TransactionalEventListener
    void afterSweep(SweepApplied event) {
        if (properties.dispatcher().enabled() && !stopping && queued.compareAndSet(false, true)) {
            worker.execute(() -> {
                queued.set(false);
                dispatchSafely();
            });
        }
    }

    @Scheduled(initialDelayString = "PT5S", fixedDelayString = "${fixline.remediation.dispatcher.interval:PT15S}")
    void scheduled() {
        if (properties.dispatcher().enabled() && !stopping) {
            dispatchSafely();
        }
    }

    private synchronized void dispatchSafely() {
        try {
            dispatch();
        } catch (RuntimeException e) {
            log.error("Dispatching cases failed; the next run retries", e);
        }
    }

    /**
     * Starts every pending case, then delivers every pending closure. A case or closure that fails is
     * logged and left for the next run; it does not hold up the others.
     */
    public synchronized Result dispatch() {
        long begin = System.nanoTime();
        int batch = properties.dispatcher().batchSize();
        Set<String> failedCases = new HashSet<>();
        int started = 0;
        List<String> pending;
        while (!stopping && !(pending = cases.pendingCaseIds(batch + failedCases.size())).isEmpty()
                && !failedCases.containsAll(pending)) {
            for (String caseId : pending) {
                if (stopping) {
                    break;
                }
                if (failedCases.contains(caseId)) {
                    continue;
                }
                try {
                    if (Boolean.TRUE.equals(tx.execute(s -> start(caseId)))) {
                        started++;
                    }
                } catch (RuntimeException e) {
                    failedCases.add(caseId);
                    log.error("Case {} could not be started; the next run retries it", caseId, e);
                }
            }
            log.info("Started {} remediation cases so far", started);
        }
        Set<Long> failedCommands = new HashSet<>();
        int delivered = 0;
        List<CaseRepository.Command> commands;
        while (!stopping && !(commands = cases.pendingCommands(batch + failedCommands.size())).isEmpty()
                && !commands.stream().allMatch(c -> failedCommands.contains(c.id()))) {
            for (CaseRepository.Command command : commands) {
                if (stopping) {
                    break;
                }
                if (failedCommands.contains(command.id())) {
                    continue;
                }
                try {
                    tx.executeWithoutResult(s -> deliver(command));
                    delivered++;
                } catch (RuntimeException e) {
                    failedCommands.add(command.id());
                    log.error("Closure {} of case {} could not be delivered; the next run retries it",
                            command.command(), command.caseId(), e);
                }
            }
        }
        if (started + delivered + failedCases.size() + failedCommands.size() > 0) {
            log.info("Dispatcher started {} cases and delivered {} closures in {} ms ({} failed, retried later)",
                    started, delivered, Duration.ofNanos(System.nanoTime() - begin).toMillis(),
                    failedCases.size() + failedCommands.size());
        }
        if (stopping && started + delivered > 0) {
            log.info("Dispatcher stopped for shutdown; cases and closures not reached yet are left for the next start");
        }
        return new Result(started, delivered, failedCases.size() + failedCommands.size());
    }

    /**
     * Stops taking work, for shutdown: a running dispatch finishes the case or closure it is on (each is a
     * transaction of its own) and returns; what it did not reach stays pending for the next start or
     * another node. Returns once no dispatch runs.
     */
    void stop() {
        stopping = true;
        awaitIdle();
    }

    private synchronized void awaitIdle() {
        // Holding the monitor means that no dispatch is running any more.
    }

    public record Result(int started, int closuresDelivered, int failed) {
    }

    private boolean start(String caseId) {
        try {
            if (!cases.move(caseId, CaseTransition.OPEN)) {
                return false; // another node or thread started it
            }
        } catch (IllegalCaseTransitionException e) {
            return false; // started and moved on (or closed) by another node since it was listed
        }
        String instanceId = runtime.startProcessInstanceByKey(RemediationProcess.KEY, caseId,
                Map.of(RemediationProcess.Variable.CASE_ID, caseId,
                        RemediationProcess.Variable.VERIFICATION_TIMEOUT, properties.verificationTimeout().toString()))
                .getId();
        cases.setProcessInstance(caseId, instanceId);
        return true;
    }

    private void deliver(CaseRepository.Command command) {
        if (!cases.completeCommand(command.id(), "delivered", clock.instant())) {
            return;
        }
        if (command.command() == CaseCommand.SLA_CHANGED) {
            // A case not started yet computes its dates from the new severity when it starts.
            runtime.createMessageCorrelation(CaseCommand.SLA_CHANGED.message().messageName())
                    .processInstanceBusinessKey(command.caseId())
                    .setVariable(RemediationProcess.Variable.SLA_CHANGE_REASON, command.payload()).correlateAllWithResult();
            return;
        }
        if (command.command() == CaseCommand.REFUTE_FIX) {
            // A case that no longer waits for its rescan (closed, or back with the owner) has nothing to refute.
            runtime.createMessageCorrelation(CaseCommand.REFUTE_FIX.message().messageName())
                    .processInstanceBusinessKey(command.caseId())
                    .setVariable(RemediationProcess.Variable.RESCAN, command.payload()).correlateAllWithResult();
            return;
        }
        List<MessageCorrelationResult> results = runtime.createMessageCorrelation(
                        command.command().message().messageName())
                .processInstanceBusinessKey(command.caseId())
                .setVariable(RemediationProcess.Variable.CLOSURE, command.payload())
                .correlateAllWithResult();
        if (results.isEmpty()) {
            if (!cases.hasStarted(command.caseId())) {
                // Its start is not committed yet (another node may be starting it right now): retry later.
                throw new IllegalStateException("case " + command.caseId() + " has not started yet");
            }
            // No process waits for it (ended or removed by an administrator): close the record anyway.
            String resolution = command.command().resolution();
            if (!cases.close(command.caseId(), resolution, ClosureRefs.parse(command.payload()), clock.instant())) {
                return; // closed already (as a false positive, say): nothing happened here to record
            }
            audit.record(command.caseId(), null, AuditEventType.CASE_CLOSED, AuditLog.SYSTEM,
                    "Closed as " + resolution + " without a running process", ClosureRefs.json(cases
                            .find(command.caseId(), clock.instant()).map(CaseView::closureEvidence).orElse(null)));
        }
    }

    @Override
    public void destroy() {
        worker.shutdown();
    }
}
