package dev.fixline.remediation;

import dev.fixline.finding.Severity;
import java.time.Duration;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param severityThreshold findings at or above it get a case
 * @param verificationTimeout how long an owner's "fixed" waits for a rescan before the task returns
 * @param escalation what happens after the due date
 * @param earlyReminderAt when the owner gets the early reminder, as a fraction of the SLA window
 *                        (0.5: halfway; 0 turns it off); the later reminder is {@code fixline.sla.reminder-before-due}
 */
@ConfigurationProperties("fixline.remediation")
public record RemediationProperties(@DefaultValue("HIGH") Severity severityThreshold,
                                    @DefaultValue("P7D") Period verificationTimeout,
                                    @DefaultValue Dispatcher dispatcher,
                                    @DefaultValue Escalation escalation,
                                    @DefaultValue("0.5") double earlyReminderAt,
                                    @DefaultValue Outage outage) {

    public RemediationProperties {
        if (earlyReminderAt < 0 || earlyReminderAt >= 1) {
            throw new IllegalArgumentException("fixline.remediation.early-reminder-at must be at least 0 and below 1, "
                    + "was " + earlyReminderAt);
        }
    }

    /**
     * The ladder after the due date: the manager at once; the next person of the ownership rule's
     * escalation chain {@code level2After} later; then a notice every {@code repeatEvery} until the
     * case closes, so that a breach never goes silent.
     */
    public record Escalation(@DefaultValue("P7D") Duration level2After, @DefaultValue("P7D") Duration repeatEvery) {
    }

    /**
     * Steps that call Jira or the SMTP server, while either does not answer: retried after {@code firstRetry},
     * each wait twice the one before up to {@code maxRetryWait}, then an incident; every
     * {@code recoveryCheck} a node asks a server that failed whether it answers again, and if it does,
     * gives the steps that failed during the outage their retries back.
     */
    public record Outage(@DefaultValue("PT5M") Duration firstRetry, @DefaultValue("PT1H") Duration maxRetryWait,
                         @DefaultValue("PT5M") Duration recoveryCheck) {

        public Outage {
            if (firstRetry.isNegative() || firstRetry.isZero() || maxRetryWait.compareTo(firstRetry) < 0) {
                throw new IllegalArgumentException("fixline.remediation.outage: first-retry must be positive and "
                        + "max-retry-wait at least as long, were " + firstRetry + " and " + maxRetryWait);
            }
        }

        /** The wait after the n-th failed attempt (1-based). */
        Duration waitAfter(int attempt) {
            Duration wait = firstRetry;
            for (int i = 1; i < attempt && wait.compareTo(maxRetryWait) < 0; i++) {
                wait = wait.multipliedBy(2);
            }
            return wait.compareTo(maxRetryWait) > 0 ? maxRetryWait : wait;
        }
    }

    /** Starts cases and delivers closures decided by sweeps, after they commit. */
    public record Dispatcher(@DefaultValue("true") boolean enabled, @DefaultValue("PT15S") Duration interval,
                             @DefaultValue("200") int batchSize) {
    }
}
