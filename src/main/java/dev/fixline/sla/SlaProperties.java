package dev.fixline.sla;

import dev.fixline.finding.Severity;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param days remediation days per severity, counted from the scanner's first detection
 * @param reminderBeforeDue how long before the due date the owner is reminded (at most halfway)
 */
@ConfigurationProperties("fixline.sla")
public record SlaProperties(Map<Severity, Integer> days, @DefaultValue("P7D") Duration reminderBeforeDue) {

    public SlaProperties {
        days = days == null || days.isEmpty()
                ? Map.of(Severity.CRITICAL, 7, Severity.HIGH, 30, Severity.MEDIUM, 90, Severity.LOW, 180)
                : Map.copyOf(days);
    }
}
