package dev.fixline.ownership;

import java.time.Instant;
import java.util.List;

/**
 * The rules in force and how the last attempt to load the file went.
 *
 * @param loadedAt when the rules in force were loaded
 * @param rules in the order they are tried
 * @param lastError why the last load failed, or null when it succeeded
 */
public record RulesStatus(String file, Instant loadedAt, int ruleCount, List<OwnershipRule> rules,
                          UnownedQueue unowned, RulesError lastError) {
}
