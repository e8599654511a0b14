package dev.fixline.sla;

import java.time.Instant;

/**
 * When an owner is reminded and when the case is due, and what the clock started from.
 */
public record SlaDates(Instant clockStart, Instant remindAt, Instant dueAt, int days) {
}
