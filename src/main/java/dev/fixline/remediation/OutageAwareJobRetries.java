package dev.fixline.remediation;

import dev.fixline.notification.MailRejectedException;
import dev.fixline.notification.MailUnavailableException;
import dev.fixline.ticketing.TicketCheckScheduledException;
import dev.fixline.ticketing.TicketNotOpenException;
import dev.fixline.ticketing.TrackerRejectedException;
import dev.fixline.ticketing.TrackerUnavailableException;
import java.time.Duration;
import java.util.Date;
import java.util.function.Predicate;
import org.camunda.bpm.engine.impl.bpmn.parser.FailedJobRetryConfiguration;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.DefaultJobRetryCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobCommandFactory;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.IncidentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The engine's retry of failed jobs, told about Jira and SMTP.
 * <ul>
 *   <li>A refusal (Jira's 4xx, an SMTP 5xx) becomes an incident at once, carrying the server's words:
 *       retrying cannot help.</li>
 *   <li>An outage (no connection, no answer in time, 5xx, 429, an SMTP 4xx) is retried with a growing wait
 *       ({@code fixline.remediation.outage}), never before a {@code Retry-After}; its incident, once the
 *       retries are used up, is annotated with the server, so that {@link OutageRecovery} retries it when
 *       the server answers again.</li>
 *   <li>An uncertain ticket create that Fixline chose to look for at a given moment is tried again exactly
 *       then, so a ticket whose creator died is found within {@code create-timeout}.</li>
 *   <li>A ticket step that came before its case's ticket opened waits for the opening, which makes it due at
 *       once ({@link TicketWaiters}); meanwhile it follows the activity's cycle, and its incident is
 *       annotated so that opening the ticket retries it.</li>
 * </ul>
 * A job that lost a race with another job of its case on another node runs again at once
 * ({@link RacedJobs}). Everything else follows the activity's {@code failedJobRetryTimeCycle}.
 */
@Component
class OutageAwareJobRetries extends AbstractProcessEnginePlugin {

    private final RemediationProperties properties;
    private final ObjectProvider<TicketWaiters> waiters;

    OutageAwareJobRetries(RemediationProperties properties, ObjectProvider<TicketWaiters> waiters) {
        this.properties = properties;
        this.waiters = waiters;
    }

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        // After init, so that it replaces the factory the Spring Boot starter sets in its preInit.
        configuration.setFailedJobCommandFactory(new Factory(properties.outage(),
                caseId -> waiters.getObject().openedMeanwhile(caseId)));
    }

    /** What a failure was, as far as retrying goes. */
    record Failure(Kind kind, OutageKind server, Duration retryAfter, Throwable reported) {

        enum Kind { REFUSED, OUTAGE, SCHEDULED_CHECK, WAITING_FOR_TICKET, OTHER }

        static Failure of(Throwable exception) {
            for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof TicketNotOpenException) {
                    return new Failure(Kind.WAITING_FOR_TICKET, null, null, t);
                }
                if (t instanceof TicketCheckScheduledException scheduled) {
                    return new Failure(Kind.SCHEDULED_CHECK, OutageKind.TRACKER,
                            scheduled.retryAfter().orElse(Duration.ZERO), t);
                }
                if (t instanceof TrackerUnavailableException unavailable) {
                    return new Failure(Kind.OUTAGE, OutageKind.TRACKER, unavailable.retryAfter().orElse(null), t);
                }
                if (t instanceof MailUnavailableException) {
                    return new Failure(Kind.OUTAGE, OutageKind.MAIL, null, t);
                }
                if (t instanceof TrackerRejectedException || t instanceof MailRejectedException) {
                    return new Failure(Kind.REFUSED, null, null, t);
                }
            }
            return new Failure(Kind.OTHER, null, null, exception);
        }
    }

    static final class Factory implements FailedJobCommandFactory {

        private final RemediationProperties.Outage outage;
        private final Predicate<String> ticketOpenedMeanwhile;

        /** @param ticketOpenedMeanwhile whether a case's ticket is open by now (taking turns with its opening) */
        Factory(RemediationProperties.Outage outage, Predicate<String> ticketOpenedMeanwhile) {
            this.outage = outage;
            this.ticketOpenedMeanwhile = ticketOpenedMeanwhile;
        }

        @Override
        public Command<Object> getCommand(String jobId, Throwable exception) {
            Failure failure = Failure.of(exception);
            // The server's own message (with Jira's errors, say) is what the incident should say, not the
            // engine's "error while evaluating expression" around it.
            DefaultJobRetryCmd standard = new DefaultJobRetryCmd(jobId, failure.reported());
            return context -> {
                // Asked before anything is written, to take turns with the opening. A ticket opened meanwhile
                // means the step can go on: it runs again at once, using no retry and raising no incident.
                if (failure.kind() == Failure.Kind.WAITING_FOR_TICKET && ticketOpenedMeanwhile(context, jobId)) {
                    JobEntity waiting = context.getJobManager().findJobById(jobId);
                    if (waiting != null) {
                        waiting.unlock();
                        waiting.setDuedate(ClockUtil.getCurrentTime());
                    }
                    return null;
                }
                standard.execute(context);
                JobEntity job = context.getJobManager().findJobById(jobId);
                if (job == null) {
                    return null;
                }
                switch (failure.kind()) {
                    case REFUSED -> {
                        if (job.getRetries() > 0) {
                            job.setRetries(0);
                        }
                    }
                    case OUTAGE -> {
                        if (job.getRetries() > 0) {
                            waitBeforeRetry(job, wait(context, standard, job, failure));
                        } else {
                            // Ready to run the moment the recovery gives it retries again.
                            job.unlock();
                            annotate(context, jobId, failure.server().annotation());
                        }
                    }
                    case SCHEDULED_CHECK -> {
                        if (job.getRetries() > 0) {
                            runAt(job, new Date(ClockUtil.getCurrentTime().getTime()
                                    + failure.retryAfter().toMillis()));
                        } else {
                            job.unlock();
                            annotate(context, jobId, failure.server().annotation());
                        }
                    }
                    case WAITING_FOR_TICKET -> {
                        if (job.getRetries() == 0) {
                            annotate(context, jobId, OutageKind.WAITING_FOR_TICKET);
                        }
                    }
                    case OTHER -> {
                        // the activity's cycle, as the engine applied it, unless the job only lost a race
                        if (RacedJobs.lostARace(exception)) {
                            RacedJobs.runAgainAtOnce(job);
                        }
                    }
                }
                return null;
            };
        }

        private boolean ticketOpenedMeanwhile(CommandContext context, String jobId) {
            JobEntity job = context.getJobManager().findJobById(jobId);
            if (job == null || job.getProcessInstanceId() == null) {
                return false;
            }
            ExecutionEntity instance = context.getExecutionManager().findExecutionById(job.getProcessInstanceId());
            return instance != null && instance.getBusinessKey() != null
                    && ticketOpenedMeanwhile.test(instance.getBusinessKey());
        }

        /** The growing wait for this attempt, and never less than the server's {@code Retry-After}. */
        private Duration wait(CommandContext context, DefaultJobRetryCmd standard, JobEntity job, Failure failure) {
            int attempt = Math.max(1, configuredRetries(context, standard, job) - job.getRetries());
            Duration wait = outage.waitAfter(attempt);
            return failure.retryAfter() != null && failure.retryAfter().compareTo(wait) > 0 ? failure.retryAfter()
                    : wait;
        }

        private static int configuredRetries(CommandContext context, DefaultJobRetryCmd standard, JobEntity job) {
            try {
                FailedJobRetryConfiguration configuration = standard.getFailedJobRetryConfiguration(job,
                        standard.getCurrentActivity(context, job));
                if (configuration != null) {
                    return configuration.getRetries();
                }
            } catch (RuntimeException e) {
                // no cycle of its own: the engine's default below
            }
            return JobEntity.DEFAULT_RETRIES;
        }

        /** Neither the due date nor the lock lets the job executor take the job before then. */
        private static void waitBeforeRetry(JobEntity job, Duration wait) {
            Date notBefore = new Date(ClockUtil.getCurrentTime().getTime() + wait.toMillis());
            if (job.getDuedate() == null || job.getDuedate().before(notBefore)) {
                job.setDuedate(notBefore);
            }
            if (job.getLockExpirationTime() == null || job.getLockExpirationTime().before(notBefore)) {
                job.setLockExpirationTime(notBefore);
            }
        }

        /** Fixline's own look-again time is kept as it is, earlier or later than the activity's cycle. */
        private static void runAt(JobEntity job, Date when) {
            job.setDuedate(when);
            job.setLockExpirationTime(when);
        }

        /** The job's incident was created by this command and is not in the database yet: it is in the cache. */
        private static void annotate(CommandContext context, String jobId, String annotation) {
            context.getDbEntityManager().getCachedEntitiesByType(IncidentEntity.class).stream()
                    .filter(i -> jobId.equals(i.getConfiguration())
                            && Incident.FAILED_JOB_HANDLER_TYPE.equals(i.getIncidentType()))
                    .forEach(i -> i.setAnnotation(annotation));
        }
    }
}
