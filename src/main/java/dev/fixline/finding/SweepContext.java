package dev.fixline.finding;

import java.time.Instant;

/**
 * What the closure rules know of the sweep judging a repository.
 *
 * @param sweepId the sweep, named in evidence and decisions
 * @param asOf the time the sweep's data stands for: its registry's file, or the sweep's start when live
 * @param partialReason why the sweep is partial, or null when it is complete: a partial sweep opens and
 *                      updates on what it shows, and closes nothing, since the rows it lacks may hold the
 *                      evidence against a closure
 */
record SweepContext(String sweepId, Instant asOf, String partialReason) {

    static SweepContext complete(String sweepId, Instant asOf) {
        return new SweepContext(sweepId, asOf, null);
    }

    boolean complete() {
        return partialReason == null;
    }
}
