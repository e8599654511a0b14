package dev.fixline.finding;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param scanGracePeriod how long a newly pushed image must have existed before a sweep counts it as
 *                        scanned (closure rule 2)
 * @param absentSweepsToGone consecutive complete sweeps without a finding before it is GONE (rule 3)
 * @param absentSweepInterval how far apart (by as-of time) the absences that make a finding GONE must be:
 *                            Defender rescans daily, so a re-import, a retry or a burst of exports of
 *                            the same scan never counts twice
 */
@ConfigurationProperties("fixline.closure")
public record ClosureProperties(
        @DefaultValue("PT24H") Duration scanGracePeriod,
        @DefaultValue("2") int absentSweepsToGone,
        @DefaultValue("PT12H") Duration absentSweepInterval) {

    public ClosureProperties {
        if (absentSweepsToGone < 1) {
            throw new IllegalArgumentException("fixline.closure.absent-sweeps-to-gone must be at least 1, was "
                    + absentSweepsToGone);
        }
        if (absentSweepInterval.isNegative() || scanGracePeriod.isNegative()) {
            throw new IllegalArgumentException("fixline.closure.absent-sweep-interval and scan-grace-period "
                    + "must not be negative");
        }
    }
}
