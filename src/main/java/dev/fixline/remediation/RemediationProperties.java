package dev.fixline.remediation;

import dev.fixline.finding.Severity;
import java.time.Duration;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param severityThreshold findings at or above it get a case
 * @param verificationTimeout how long an owner's "fixed" waits for a rescan before the task returns
 */
@ConfigurationProperties("fixline.remediation")
public record RemediationProperties(@DefaultValue("HIGH") Severity severityThreshold,
                                    @DefaultValue("P7D") Period verificationTimeout,
                                    @DefaultValue Dispatcher dispatcher) {

    /** Starts cases and delivers closures decided by sweeps, after they commit. */
    public record Dispatcher(@DefaultValue("true") boolean enabled, @DefaultValue("PT15S") Duration interval,
                             @DefaultValue("200") int batchSize) {
    }
}
