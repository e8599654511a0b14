package dev.fixline.ownership;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code ownership} component of {@code /actuator/health}. A failed reload is {@code DEGRADED}, not
 * {@code DOWN}: the previous rules still assign every finding, so Fixline works and should not be taken
 * out of a load balancer. Spring Boot leaves a status outside its order out of the aggregate, so the
 * overall status and the HTTP code stay as the other components make them.
 */
@Component
class OwnershipHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "the last reload of the rules file failed; the "
            + "rules loaded before stay in force");

    private final OwnershipRules rules;

    OwnershipHealthIndicator(OwnershipRules rules) {
        this.rules = rules;
    }

    @Override
    public Health health() {
        RulesStatus s = rules.status();
        Health.Builder health = s.lastError() == null ? Health.up()
                : Health.status(DEGRADED).withDetail("lastError", s.lastError());
        return health.withDetail("file", s.file()).withDetail("rules", s.ruleCount())
                .withDetail("loadedAt", s.loadedAt()).build();
    }
}
