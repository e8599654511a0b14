package dev.fixline.remediation;

import dev.fixline.ticketing.TrackerRejectedException;
import dev.fixline.ticketing.TrackerUnavailableException;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.DefaultJobRetryCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobCommandFactory;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * The engine's retry of failed jobs, told about trackers: a refusal (HTTP 4xx) becomes an incident at
 * once, carrying Jira's messages, since retrying cannot help; a tracker that asked to wait
 * ({@code Retry-After}, or a create whose outcome is checked later) is not tried again before then.
 * A job that lost a race with another job of its case on another node runs again at once
 * ({@link RacedJobs}). Everything else follows the activity's {@code failedJobRetryTimeCycle}.
 */
@Component
class TrackerAwareJobRetries extends AbstractProcessEnginePlugin {

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        // After init, so that it replaces the factory the Spring Boot starter sets in its preInit.
        configuration.setFailedJobCommandFactory(new Factory());
    }

    static final class Factory implements FailedJobCommandFactory {

        @Override
        public Command<Object> getCommand(String jobId, Throwable exception) {
            Optional<RuntimeException> tracker = trackerCause(exception);
            // The tracker's own message (with Jira's errors) is what the incident should say, not the
            // engine's "error while evaluating expression" around it.
            Command<Object> standard = new DefaultJobRetryCmd(jobId, tracker.<Throwable>map(t -> t).orElse(exception));
            return context -> {
                standard.execute(context);
                JobEntity job = context.getJobManager().findJobById(jobId);
                if (job != null && RacedJobs.lostARace(exception)) {
                    RacedJobs.runAgainAtOnce(job);
                }
                if (job == null || tracker.isEmpty()) {
                    return null;
                }
                if (tracker.get() instanceof TrackerRejectedException && job.getRetries() > 0) {
                    job.setRetries(0);
                } else if (tracker.get() instanceof TrackerUnavailableException unavailable
                        && unavailable.retryAfter().isPresent() && job.getRetries() > 0) {
                    Duration wait = unavailable.retryAfter().get();
                    Date notBefore = new Date(ClockUtil.getCurrentTime().getTime() + wait.toMillis());
                    if (job.getDuedate() == null || job.getDuedate().before(notBefore)) {
                        job.setDuedate(notBefore);
                    }
                }
                return null;
            };
        }

        private static Optional<RuntimeException> trackerCause(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof TrackerRejectedException || t instanceof TrackerUnavailableException) {
                    return Optional.of((RuntimeException) t);
                }
            }
            return Optional.empty();
        }
    }
}
