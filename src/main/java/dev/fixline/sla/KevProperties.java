package dev.fixline.sla;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the CISA Known Exploited Vulnerabilities catalog comes from ({@code fixline.sla.kev}).
 *
 * @param source a file path (relative to the working directory) or an {@code http(s)://} URL of the
 *        cisagov/kev-data JSON; none (the default) leaves the catalog empty and never touches the network
 * @param refresh how often the catalog is loaded again; a day by default
 */
public record KevProperties(String source, @DefaultValue("P1D") Duration refresh) {

    static final KevProperties NONE = new KevProperties(null, null);

    public KevProperties {
        source = source == null || source.isBlank() ? null : source.trim();
        if (source != null) {
            KevSource.of(source); // a malformed source stops startup rather than the first refresh
        }
        refresh = refresh == null ? Duration.ofDays(1) : refresh;
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("fixline.sla.kev.refresh must be positive: " + refresh);
        }
    }
}
