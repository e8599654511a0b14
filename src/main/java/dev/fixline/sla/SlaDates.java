package dev.fixline.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When an owner is reminded and when the case is due, and what the clock started from.
 *
 * @param clockStart when the SLA clock started: the first detection, or the moment a fix appeared
 *        (no-fix mode {@code CLOCK_FROM_FIX})
 * @param remindAt when the owner is reminded; always before {@code dueAt}, and null when the window leaves
 *        no time for a reminder (due at or before the clock start, or {@code reminder-before-due} of zero)
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

    /**
     * The early reminder, {@code fraction} of the way from the clock start to the due date (0.5: halfway).
     * Empty when {@code fraction} is 0, when the due date is not after the clock start (the point would
     * fall after the due date), and when it is not before the later reminder (it would say nothing new).
     */
    public Optional<Instant> earlyReminder(double fraction) {
        Duration window = Duration.between(clockStart, dueAt);
        if (fraction <= 0 || window.isNegative() || window.isZero()) {
            return Optional.empty();
        }
        Instant early = clockStart.plusMillis(Math.round(window.toMillis() * fraction));
        Instant next = remindAt == null ? dueAt : remindAt;
        return early.isBefore(next) ? Optional.of(early) : Optional.empty();
    }

    /** Every reminder of the plan, in time order: the early one and the later one, each before the due date. */
    public List<Instant> reminders(double earlyFraction) {
        List<Instant> reminders = new ArrayList<>(2);
        earlyReminder(earlyFraction).ifPresent(reminders::add);
        if (remindAt != null) {
            reminders.add(remindAt);
        }
        return List.copyOf(reminders);
    }
}
