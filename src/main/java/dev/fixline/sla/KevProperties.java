package dev.fixline.sla;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The CISA Known Exploited Vulnerabilities catalog ({@code fixline.sla.kev}): where it comes from, how a
 * late listing is dated, and when its health turns {@code DEGRADED}.
 *
 * @param source a file path (relative to the working directory) or an {@code http(s)://} URL of the
 *        cisagov/kev-data JSON; none (the default) leaves the catalog empty and never touches the network
 * @param refresh how often the catalog is loaded again; a day by default
 * @param minimumWindow the least time a finding gets from its first detection when the catalog's due date
 *        is earlier than that (or already past): 14 days by default, CISA's own window for new listings.
 *        Zero keeps the catalog's date as it is, so such a finding is due at once
 * @param maxAge how old the last successful load may be before the {@code kev} health component turns
 *        {@code DEGRADED}; 3 days by default, so a weekend without updates from CISA is no alarm. It must
 *        be longer than {@code refresh}
 */
public record KevProperties(String source, @DefaultValue("P1D") Duration refresh,
                            @DefaultValue("P14D") Duration minimumWindow,
                            // Not part of the SLA policy: a new max-age must not recompute every case's dates.
                            @JsonIgnore @DefaultValue("P3D") Duration maxAge) {

    static final Duration DEFAULT_MINIMUM_WINDOW = Duration.ofDays(14);
    static final Duration DEFAULT_MAX_AGE = Duration.ofDays(3);
    static final KevProperties NONE = new KevProperties(null, null);

    @ConstructorBinding
    public KevProperties {
        source = source == null || source.isBlank() ? null : source.trim();
        if (source != null) {
            KevSource.of(source); // a malformed source stops startup rather than the first refresh
        }
        refresh = refresh == null ? Duration.ofDays(1) : refresh;
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("fixline.sla.kev.refresh must be positive: " + refresh);
        }
        minimumWindow = minimumWindow == null ? DEFAULT_MINIMUM_WINDOW : minimumWindow;
        if (minimumWindow.isNegative()) {
            throw new IllegalArgumentException("fixline.sla.kev.minimum-window must not be negative: " + minimumWindow);
        }
        maxAge = maxAge == null ? DEFAULT_MAX_AGE : maxAge;
        if (maxAge.compareTo(refresh) <= 0) {
            // Otherwise the catalog would read as stale between two loads that both succeed.
            throw new IllegalArgumentException("fixline.sla.kev.max-age (" + maxAge
                    + ") must be longer than fixline.sla.kev.refresh (" + refresh + ")");
        }
    }

    /** A source and a refresh; the minimum window and the maximum age at their defaults. */
    public KevProperties(String source, Duration refresh) {
        this(source, refresh, null, null);
    }
}
