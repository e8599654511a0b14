package dev.fixline.finding;

/** The closure rules of DESIGN §3, in the order they are tried. */
public enum ClosureRule {
    /** Rule 1: a newer digest shows the package at or above the fixed version. */
    FIXED_VERSION_OBSERVED,
    /** Rule 2: the newest digest, pushed at least the scan grace period before the sweep, is clean. */
    NEWER_IMAGE_CLEAN,
    /** Rule 3: not observed on any digest in N consecutive complete sweeps. */
    ABSENT
}
