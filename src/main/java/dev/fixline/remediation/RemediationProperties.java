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
                                    @DefaultValue("0.5") double earlyReminderAt) {

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

    /** Starts cases and delivers closures decided by sweeps, after they commit. */
    public record Dispatcher(@DefaultValue("true") boolean enabled, @DefaultValue("PT15S") Duration interval,
                             @DefaultValue("200") int batchSize) {
    }
}
