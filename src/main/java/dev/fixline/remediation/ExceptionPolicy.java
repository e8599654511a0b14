package dev.fixline.remediation;

import dev.fixline.finding.Severity;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What an exception (risk acceptance) may ask for, and who decides.
 *
 * @param maxDuration        the longest one exception may run, per severity: a request asking for a later
 *                           expiry is refused with the latest one allowed
 * @param maxTotalDeferral   the most time a case's SLA clock may be paused in all, per severity: extensions
 *                           and later exceptions count together
 * @param securityApprovers  who decides on a Critical case (the case's manager decides the others); an
 *                           administrator may decide any case, except one whose request is their own
 */
@ConfigurationProperties("fixline.exceptions")
public record ExceptionPolicy(
        Map<Severity, Duration> maxDuration,
        Map<Severity, Duration> maxTotalDeferral,
        @DefaultValue("security-lead") List<String> securityApprovers) {

    public ExceptionPolicy {
        maxDuration = complete("max-duration", DEFAULT_MAX_DURATION, maxDuration);
        maxTotalDeferral = complete("max-total-deferral", DEFAULT_MAX_TOTAL, maxTotalDeferral);
        securityApprovers = securityApprovers.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (securityApprovers.isEmpty()) {
            throw new IllegalArgumentException("fixline.exceptions.security-approvers names nobody: Critical cases "
                    + "would have no one to decide their exceptions");
        }
    }

    static final Map<Severity, Duration> DEFAULT_MAX_DURATION = Map.of(Severity.CRITICAL, Duration.ofDays(30),
            Severity.HIGH, Duration.ofDays(90), Severity.MEDIUM, Duration.ofDays(180), Severity.LOW, Duration.ofDays(365));
    static final Map<Severity, Duration> DEFAULT_MAX_TOTAL = Map.of(Severity.CRITICAL, Duration.ofDays(60),
            Severity.HIGH, Duration.ofDays(180), Severity.MEDIUM, Duration.ofDays(365), Severity.LOW, Duration.ofDays(730));

    /** The defaults, with what is configured over them. */
    private static Map<Severity, Duration> complete(String name, Map<Severity, Duration> defaults,
                                                    Map<Severity, Duration> given) {
        Map<Severity, Duration> all = new EnumMap<>(defaults);
        if (given != null) {
            all.putAll(given);
        }
        for (Severity s : Severity.values()) {
            Duration d = all.get(s);
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("fixline.exceptions." + name + "." + s.name().toLowerCase()
                        + " must be a positive duration (ISO-8601, e.g. P30D), was " + d);
            }
        }
        return Map.copyOf(all);
    }

    Duration maxDuration(Severity severity) {
        return maxDuration.get(severity);
    }

    Duration maxTotalDeferral(Severity severity) {
        return maxTotalDeferral.get(severity);
    }
}
