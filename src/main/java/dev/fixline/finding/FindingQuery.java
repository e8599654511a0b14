package dev.fixline.finding;

import java.util.Set;

/**
 * Filters of the finding list; a null filter matches everything.
 *
 * @param within only the findings of these locations (a person's sight); null: every finding, empty: none
 */
public record FindingQuery(FindingState state, Severity severity, String repository, String vulnerabilityId,
                           Set<FindingLocation> within) {

    public FindingQuery {
        within = within == null ? null : Set.copyOf(within);
    }

    /** Every finding that matches the filters, wherever it lives. */
    public FindingQuery(FindingState state, Severity severity, String repository, String vulnerabilityId) {
        this(state, severity, repository, vulnerabilityId, null);
    }
}
