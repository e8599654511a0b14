package dev.fixline.finding;

import java.time.Instant;

/**
 * Which closure of a finding: its id and the closure's time. A finding may close, reopen and close
 * again; each closure and its evidence is kept, and {@link FindingStore#closure} finds it by this.
 */
public record ClosureRef(String findingId, Instant closedAt) {

    public ClosureRef {
        closedAt = StoredPrecision.of(closedAt);
    }
}
