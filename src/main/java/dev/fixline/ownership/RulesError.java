package dev.fixline.ownership;

import java.time.Instant;

/**
 * Why the last attempt to load the rules file failed; the rules loaded before stay active.
 *
 * @param line 1-based line of the fault, or null when it is not on one line (a missing file or block)
 */
public record RulesError(Instant at, String file, Integer line, String reason) {
}
