package dev.fixline.finding;

import java.time.Instant;
import java.util.Set;

/**
 * Filters of the finding list; a null filter matches everything.
 *
 * @param within      only the findings of these locations (a person's sight); null: every finding, empty: none
 * @param activeFrom  with {@code activeUntil}, a period: findings open at some moment of it (first detected
 *                    before its end, not closed before its start); either end may be null
 */
public record FindingQuery(FindingState state, Severity severity, String repository, String vulnerabilityId,
                           Set<FindingLocation> within, Instant activeFrom, Instant activeUntil) {

    public FindingQuery {
        within = within == null ? null : Set.copyOf(within);
    }

    public FindingQuery(FindingState state, Severity severity, String repository, String vulnerabilityId,
                        Set<FindingLocation> within) {
        this(state, severity, repository, vulnerabilityId, within, null, null);
    }

    /** Every finding that matches the filters, wherever it lives. */
    public FindingQuery(FindingState state, Severity severity, String repository, String vulnerabilityId) {
        this(state, severity, repository, vulnerabilityId, null);
    }

    /** The same filters within these locations. */
    public FindingQuery within(Set<FindingLocation> locations) {
        return new FindingQuery(state, severity, repository, vulnerabilityId, locations, activeFrom, activeUntil);
    }
}
