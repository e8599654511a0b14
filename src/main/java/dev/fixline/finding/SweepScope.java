package dev.fixline.finding;

import java.util.Set;

/**
 * What a sweep covers, so that findings it does not show can count as absent. A sweep always covers
 * the registries its rows come from; a source that knows its scope (the Resource Graph source queries
 * named subscriptions) adds those subscriptions, whose registries may have no rows left at all.
 *
 * @param description how the scope is shown on the sweep; null for "the registries in the rows"
 * @param live whether the rows are the source's state now (a query), so the sweep is as of its start;
 *             otherwise (an export) it is as of the newest scan time in its rows
 */
public record SweepScope(String description, Set<String> subscriptionIds, boolean live) {

    /** A file: it covers the registries it holds rows of, as of its newest scan. */
    public static final SweepScope REGISTRIES_IN_ROWS = new SweepScope(null, Set.of(), false);
}
