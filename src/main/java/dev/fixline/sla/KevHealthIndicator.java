package dev.fixline.sla;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code kev} component of {@code /actuator/health}: the catalog's version and release, how many CVEs
 * it lists and when it was last loaded. {@code DEGRADED}, not {@code DOWN}, when no load has succeeded or
 * the last success is older than {@code fixline.sla.kev.max-age}: cases go on with the policy's days (and
 * the catalog loaded before, if any), so Fixline should stay in its load balancer.
 *
 * <p>Without a configured source KEV is off on purpose: the component is {@code UP} and says so, rather
 * than raising an alarm that no one can clear.
 */
@Component("kevHealthIndicator")
class KevHealthIndicator implements HealthIndicator {

    static final Status NEVER_LOADED = new Status("DEGRADED", "the KEV catalog has not loaded yet; KEV-listed "
            + "CVEs get neither a case below the severity threshold nor the catalog's due date");
    static final Status STALE = new Status("DEGRADED", "the KEV catalog in use is older than "
            + "fixline.sla.kev.max-age; new listings are not seen");

    private final KevCatalog catalog;
    private final Duration maxAge;
    private final Clock clock;

    @Autowired
    KevHealthIndicator(KevCatalog catalog, SlaProperties properties, Clock clock) {
        this(catalog, properties.kev().maxAge(), clock);
    }

    KevHealthIndicator(KevCatalog catalog, Duration maxAge, Clock clock) {
        this.catalog = catalog;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public Health health() {
        KevStatus s = catalog.status();
        if (!s.enabled()) {
            return Health.up().withDetail("source", "none")
                    .withDetail("note", "KEV is off: no fixline.sla.kev.source is configured").build();
        }
        Instant loadedAt = s.loadedAt();
        Health.Builder health = loadedAt == null ? Health.status(NEVER_LOADED)
                : Duration.between(loadedAt, clock.instant()).compareTo(maxAge) > 0 ? Health.status(STALE)
                : Health.up();
        health.withDetail("source", s.source());
        optional(health, "catalogVersion", s.catalogVersion());
        optional(health, "dateReleased", s.dateReleased());
        health.withDetail("cves", s.cves());
        optional(health, "loadedAt", loadedAt);
        health.withDetail("maxAge", maxAge.toString());
        if (s.unreadable() > 0) {
            health.withDetail("unreadableEntries", s.unreadable());
        }
        optional(health, "lastFailure", s.lastFailure());
        optional(health, "failingSince", s.failingSince());
        if (s.failedAttempts() > 0) {
            health.withDetail("failedAttempts", s.failedAttempts());
        }
        optional(health, "nextAttempt", s.nextAttempt());
        return health.build();
    }

    private static void optional(Health.Builder health, String key, Object value) {
        if (value != null) {
            health.withDetail(key, value);
        }
    }
}
