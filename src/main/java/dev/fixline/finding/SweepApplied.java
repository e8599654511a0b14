package dev.fixline.finding;

/** Published inside the sweep's transaction once all its rows are applied. */
public record SweepApplied(Sweep sweep) {
}
