package dev.fixline.sla;

import dev.fixline.limits.AsciiCase;
import dev.fixline.finding.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What the SLA of one finding depends on.
 *
 * @param severity the finding's severity (required)
 * @param firstDetectedAt the scanner's first detection, where the clock starts (required)
 * @param vulnerabilityId the CVE, looked up in the KEV catalog; null for none
 * @param team the owning team, for its day overrides and calendar; null for none
 * @param ruleDays days per severity from the matching ownership rule; they win over everything else
 * @param fixStatus the scanner's fix status, e.g. {@code FixAvailable} or {@code NoFixAvailable}; null if unknown
 * @param fixAppearedAt when a fix first appeared, for no-fix mode {@code CLOCK_FROM_FIX}; null if unknown
 */
public record SlaRequest(Severity severity, Instant firstDetectedAt, String vulnerabilityId, String team,
                         Map<Severity, Integer> ruleDays, String fixStatus, Instant fixAppearedAt) {

    /** Defender's fix status of a finding without a fix. */
    public static final String NO_FIX_AVAILABLE = "NoFixAvailable";

    public SlaRequest {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(firstDetectedAt, "firstDetectedAt");
        ruleDays = SlaProperties.checkedDays(ruleDays, "ownership rule days");
    }

    /** Only severity and first detection: what {@link SlaPolicy#compute(Severity, Instant)} uses. */
    public static SlaRequest of(Severity severity, Instant firstDetectedAt) {
        return new SlaRequest(severity, firstDetectedAt, null, null, null, null, null);
    }

    public SlaRequest withVulnerability(String vulnerabilityId) {
        return new SlaRequest(severity, firstDetectedAt, vulnerabilityId, team, ruleDays, fixStatus, fixAppearedAt);
    }

    public SlaRequest withTeam(String team) {
        return new SlaRequest(severity, firstDetectedAt, vulnerabilityId, team, ruleDays, fixStatus, fixAppearedAt);
    }

    public SlaRequest withRuleDays(Map<Severity, Integer> ruleDays) {
        return new SlaRequest(severity, firstDetectedAt, vulnerabilityId, team, ruleDays, fixStatus, fixAppearedAt);
    }

    public SlaRequest withFix(String fixStatus, Instant fixAppearedAt) {
        return new SlaRequest(severity, firstDetectedAt, vulnerabilityId, team, ruleDays, fixStatus, fixAppearedAt);
    }

    /** Whether the scanner says no fix exists (Defender's spelling, any case). */
    public boolean noFixAvailable() {
        return fixStatus != null && AsciiCase.equalsIgnoreCase(NO_FIX_AVAILABLE, fixStatus.trim());
    }
}
