package dev.fixline.finding;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param scanGracePeriod how long a newly pushed image must have existed before a sweep counts it as
 *                        scanned (closure rule 2)
 * @param absentSweepsToGone consecutive complete sweeps without a finding before it is GONE (rule 3)
 */
@ConfigurationProperties("fixline.closure")
public record ClosureProperties(
        @DefaultValue("PT24H") Duration scanGracePeriod,
        @DefaultValue("2") int absentSweepsToGone) {
}
