package dev.fixline.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code fixline.audit.*}.
 *
 * @param retention how long the audit trail must stay readable: the engine's history of a case is kept at least
 *                  this long (the audit log itself is never pruned by Fixline); whole days, at least one
 */
@ConfigurationProperties("fixline.audit")
public record AuditProperties(@DefaultValue("P400D") Duration retention) {

    public AuditProperties {
        if (retention.isNegative() || retention.toDays() < 1 || !retention.equals(Duration.ofDays(retention.toDays()))) {
            throw new IllegalArgumentException("fixline.audit.retention must be whole days, at least one (P400D), not "
                    + retention);
        }
    }

    public int retentionDays() {
        return Math.toIntExact(retention.toDays());
    }
}
