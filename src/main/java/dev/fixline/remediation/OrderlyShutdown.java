package dev.fixline.remediation;

import java.time.Duration;
import java.time.Instant;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * On shutdown (SIGTERM), stops Fixline's own work before the schedulers, thread pools and the database go:
 * the case dispatcher finishes the case it is starting and takes no more, and the engine's job executor
 * acquires no more jobs, lets the running ones finish and hands back (unlocks) those it had acquired but not
 * begun, so that the next start or another node runs them at once rather than after the lock expires.
 *
 * <p>Without it, the scheduler's shutdown phase waited for a long dispatch until its timeout (30 s), and jobs
 * were still running while the connection pool closed under them.
 */
@Component
class OrderlyShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderlyShutdown.class);
    /** After the web server stops taking requests (Boot's phases end at MAX - 2048), before executors (MAX / 2). */
    static final int PHASE = Integer.MAX_VALUE - 4096;
    /** How long running jobs may take to finish; a job still running then is rolled back and run again later. */
    static final Duration JOB_WAIT = Duration.ofSeconds(5);

    private final CaseDispatcher dispatcher;
    private final ObjectProvider<JobExecutor> jobExecutor;
    private final ObjectProvider<TaskExecutor> jobThreads;
    private volatile boolean running;

    OrderlyShutdown(CaseDispatcher dispatcher, ObjectProvider<JobExecutor> jobExecutor,
                    @Qualifier("camundaTaskExecutor") ObjectProvider<TaskExecutor> jobThreads) {
        this.dispatcher = dispatcher;
        this.jobExecutor = jobExecutor;
        this.jobThreads = jobThreads;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        Instant begin = Instant.now();
        dispatcher.stop();
        JobExecutor executor = jobExecutor.getIfAvailable();
        if (executor != null && executor.isActive()) {
            executor.shutdown();
            awaitIdle(jobThreads.getIfAvailable());
        }
        running = false;
        log.info("Case dispatch and engine jobs stopped for shutdown in {} ms",
                Duration.between(begin, Instant.now()).toMillis());
    }

    /** Queued job batches only unlock their jobs now, so this is quick unless a job itself is slow. */
    private static void awaitIdle(TaskExecutor threads) {
        if (!(threads instanceof ThreadPoolTaskExecutor pool)) {
            return;
        }
        Instant deadline = Instant.now().plus(JOB_WAIT);
        while (pool.getActiveCount() > 0 || pool.getQueueSize() > 0) {
            if (Instant.now().isAfter(deadline)) {
                log.warn("{} engine jobs still running after {}; they roll back and run again after the restart",
                        pool.getActiveCount(), JOB_WAIT);
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
