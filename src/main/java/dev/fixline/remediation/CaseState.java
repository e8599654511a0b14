package dev.fixline.remediation;

public enum CaseState {
    /** Decided by a sweep; the engine has not started it yet. */
    PENDING,
    OPEN,
    /** The owner says it is fixed; the next rescans confirm (close) or refute (back to the owner). */
    AWAITING_VERIFICATION,
    /** An approved exception runs: the SLA clock is paused until it expires or is revoked. */
    EXCEPTION,
    CLOSED
}
