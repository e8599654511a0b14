package dev.fixline.remediation;

import dev.fixline.notification.SmtpLink;
import dev.fixline.ticketing.Tickets;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Ends an outage's incidents once the server is back: every {@code fixline.remediation.outage.recovery-check},
 * a node asks Jira (or the SMTP server) whether it answers again, when it failed the last time or when steps
 * wait for it. If it answers, the steps whose retries the outage used up (their incidents carry the
 * outage's note) get a full cycle of retries again and run at once. The steps are safe to run again:
 * tickets, comments and mails are recorded under keys, so nothing is sent twice.
 */
@Component
public class OutageRecovery {

    /** A full cycle again, as {@code R6/…} in the BPMN gives a step. */
    static final int RETRIES_AFTER_RECOVERY = 6;
    /** Incidents retried per server and check: a long outage's backlog goes out over a few checks. */
    static final int BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(OutageRecovery.class);

    private final Tickets tickets;
    private final SmtpLink smtp;
    private final RuntimeService runtime;
    private final ManagementService management;
    private volatile boolean mailChecked;

    OutageRecovery(Tickets tickets, SmtpLink smtp, RuntimeService runtime, ManagementService management) {
        this.tickets = tickets;
        this.smtp = smtp;
        this.runtime = runtime;
        this.management = management;
    }

    @Scheduled(initialDelayString = "${fixline.remediation.outage.recovery-check:PT5M}",
            fixedDelayString = "${fixline.remediation.outage.recovery-check:PT5M}")
    void scheduled() {
        try {
            recover();
        } catch (RuntimeException e) {
            log.warn("Checking whether Jira and the SMTP server answer again failed; the next check tries again: {}",
                    e.toString());
        }
    }

    /**
     * Checks each server that failed or that steps wait for, and retries those steps if it answers.
     *
     * @return how many steps got their retries back
     */
    public int recover() {
        int retried = 0;
        for (OutageKind kind : OutageKind.values()) {
            retried += recover(kind);
        }
        return retried;
    }

    private int recover(OutageKind kind) {
        List<Incident> waiting = waitingFor(kind);
        if (waiting.isEmpty() && !unsure(kind)) {
            return 0;
        }
        if (!answers(kind)) {
            if (!waiting.isEmpty()) {
                log.info("{} still does not answer; {} steps wait for it", kind.key(), waiting.size());
            }
            return 0;
        }
        List<String> jobs = waiting.stream().map(Incident::getConfiguration).toList();
        if (jobs.isEmpty()) {
            return 0;
        }
        try {
            management.setJobRetries(jobs, RETRIES_AFTER_RECOVERY);
        } catch (ProcessEngineException e) {
            // One of them ended meanwhile (its case closed): go through them one by one.
            jobs.forEach(this::retryOne);
        }
        log.info("{} answers again: {} steps that failed during its outage are retried", kind.key(), jobs.size());
        return jobs.size();
    }

    private void retryOne(String jobId) {
        try {
            management.setJobRetries(jobId, RETRIES_AFTER_RECOVERY);
        } catch (ProcessEngineException e) {
            log.debug("Job {} is gone: {}", jobId, e.getMessage());
        }
    }

    /** Whether the last call failed, or (for SMTP, which only a send or a check tells) none was made yet. */
    private boolean unsure(OutageKind kind) {
        return switch (kind) {
            case TRACKER -> tickets.status().failing();
            case MAIL -> smtp.configured() && (!mailChecked || smtp.status().failing());
        };
    }

    private boolean answers(OutageKind kind) {
        return switch (kind) {
            case TRACKER -> tickets.probe();
            case MAIL -> {
                mailChecked = true;
                yield smtp.probe();
            }
        };
    }

    /** The incidents an outage of this server caused, oldest first, at most a batch. */
    private List<Incident> waitingFor(OutageKind kind) {
        List<Incident> found = new ArrayList<>();
        for (String step : kind.steps()) {
            for (Incident incident : runtime.createIncidentQuery().incidentType(Incident.FAILED_JOB_HANDLER_TYPE)
                    .activityId(step).orderByIncidentTimestamp().asc().listPage(0, BATCH)) {
                if (incident.getAnnotation() != null && incident.getAnnotation().startsWith(kind.prefix())) {
                    found.add(incident);
                    if (found.size() == BATCH) {
                        return found;
                    }
                }
            }
        }
        return found;
    }
}
