package dev.fixline.finding;

import java.util.Set;

/**
 * What a sweep covers, so that findings it does not show can count as absent. A sweep always covers
 * the registries its rows come from; a source that knows its scope (the Resource Graph source queries
 * named subscriptions) adds those subscriptions, whose registries may have no rows left at all.
 *
 * @param description how the scope is shown on the sweep; null for "the registries in the rows"
 */
public record SweepScope(String description, Set<String> subscriptionIds) {

    /** A file: it covers the registries it holds rows of. */
    public static final SweepScope REGISTRIES_IN_ROWS = new SweepScope(null, Set.of());
}
