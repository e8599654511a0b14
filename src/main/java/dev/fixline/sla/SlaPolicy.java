package dev.fixline.sla;

import dev.fixline.finding.Severity;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Service;

/** Turns a finding's severity and first detection into its reminder and due instants. */
@Service
public class SlaPolicy {

    private final SlaProperties properties;

    SlaPolicy(SlaProperties properties) {
        this.properties = properties;
    }

    /** The clock starts at the scanner's first detection, never at the import. */
    public SlaDates compute(Severity severity, Instant firstDetectedAt) {
        Integer days = properties.days().get(severity);
        if (days == null) {
            throw new IllegalArgumentException("No SLA days configured for severity " + severity
                    + " (fixline.sla.days." + severity + ")");
        }
        Duration window = Duration.ofDays(days);
        Instant due = firstDetectedAt.plus(window);
        Duration lead = properties.reminderBeforeDue();
        if (lead.compareTo(window.dividedBy(2)) > 0) {
            lead = window.dividedBy(2);
        }
        return new SlaDates(firstDetectedAt, due.minus(lead), due, days);
    }
}
