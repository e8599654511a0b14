package dev.fixline.finding;

import java.time.Instant;

/** One run of one source over one scope, with what it changed. */
public record Sweep(
        String id,
        String source,
        String sourceName,
        String scope,
        SweepState state,
        Instant startedAt,
        Instant finishedAt,
        Instant asOf,
        Counts counts,
        String message) {

    public record Counts(int rows, int notApplicable, int rejected, int newFindings, int unchanged, int changed,
                         int fixed, int gone, int reopened) {
    }
}
