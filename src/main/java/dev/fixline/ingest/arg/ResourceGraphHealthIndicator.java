package dev.fixline.ingest.arg;

import java.util.Optional;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code resourceGraph} component of {@code /actuator/health}. {@code DEGRADED}, with the reason, while the
 * newest Resource Graph sweep FAILED (unreachable, throttled, no access): findings are not refreshed, but
 * cases, deadlines, uploads and the inbox go on, so Fixline should stay in its load balancer. It reads the
 * sweep table (one small query) and never calls Resource Graph itself.
 */
@Component("resourceGraphHealthIndicator")
class ResourceGraphHealthIndicator implements HealthIndicator {

    static final Status FAILING = new Status("DEGRADED", "Resource Graph could not be read (see reason): findings "
            + "are not refreshed; the sweep is tried again by itself");

    private final ArgProperties properties;
    private final ArgSweepRetry retry;

    ResourceGraphHealthIndicator(ArgProperties properties, ArgSweepRetry retry) {
        this.properties = properties;
        this.retry = retry;
    }

    @Override
    public Health health() {
        if (!properties.enabled()) {
            return Health.up().withDetail("source", "none")
                    .withDetail("note", "the Resource Graph source is off (fixline.arg.enabled is false)").build();
        }
        Optional<ArgSweepRetry.Outage> outage = retry.outage();
        if (outage.isEmpty()) {
            return Health.up().withDetail("schedule", properties.schedule()).build();
        }
        ArgSweepRetry.Outage o = outage.get();
        Health.Builder health = Health.status(FAILING).withDetail("schedule", properties.schedule())
                .withDetail("reason", o.reason()).withDetail("failingSince", o.failingSince())
                .withDetail("failedSweeps", o.failedSweeps()).withDetail("nextRetryAt", o.nextRetryAt());
        if (o.lastSuccessAt() != null) {
            health.withDetail("lastSuccessAt", o.lastSuccessAt());
        }
        return health.build();
    }
}
