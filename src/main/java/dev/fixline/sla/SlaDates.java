package dev.fixline.sla;

import java.time.Instant;

/**
 * When an owner is reminded and when the case is due, and what the clock started from.
 *
 * @param clockStart when the SLA clock started: the first detection, or the moment a fix appeared
 *        (no-fix mode {@code CLOCK_FROM_FIX})
 * @param remindAt when the owner is reminded; never after {@code dueAt}
 * @param dueAt when the case is due; never null
 * @param days the policy's day count (working days with a calendar), before any KEV date
 * @param basis a human explanation of the dates, e.g. "High: 30 days (preset default) from first
 *        detection 2026-03-28T10:15:00Z; KEV due 2026-04-10 is earlier"
 * @param kev whether the vulnerability is in the KEV catalog (whether or not its date won)
 */
public record SlaDates(Instant clockStart, Instant remindAt, Instant dueAt, int days, String basis, boolean kev) {

    /** Dates without an explanation, for callers from before {@code basis} and {@code kev} existed. */
    public SlaDates(Instant clockStart, Instant remindAt, Instant dueAt, int days) {
        this(clockStart, remindAt, dueAt, days, "", false);
    }
}
