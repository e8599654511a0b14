package dev.fixline.finding;

import java.time.Instant;
import java.util.List;

/**
 * Why a finding was closed: the sweep(s), the rule, and what the rescan showed.
 * Kept with the finding and carried to the case that closes.
 */
public record ClosureEvidence(
        ClosureRule rule,
        List<String> sweepIds,
        String digest,
        Instant digestPushedAt,
        Instant scannedAt,
        String installedVersion,
        String fixedVersion,
        String explanation) {
}
