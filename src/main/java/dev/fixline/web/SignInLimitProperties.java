package dev.fixline.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many failed password sign-ins (form or HTTP Basic) are tolerated before further attempts are refused
 * until the window that began with the first failure ends. Counted per user name and, separately, per
 * client address; held in memory, per node.
 *
 * @param maxFailuresPerUser failures for one user name, whoever tries
 * @param maxFailuresPerAddress failures from one client address, whatever the names; higher, as people
 *                              behind one proxy or NAT share an address
 * @param window how long the failures count, from the first one
 */
@ConfigurationProperties("fixline.security.sign-in-limits")
public record SignInLimitProperties(
        @DefaultValue("5") int maxFailuresPerUser,
        @DefaultValue("20") int maxFailuresPerAddress,
        @DefaultValue("15m") Duration window) {

    public SignInLimitProperties {
        if (maxFailuresPerUser < 1 || maxFailuresPerAddress < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("fixline.security.sign-in-limits: the maxima must be at least 1 "
                    + "and the window positive");
        }
    }
}
