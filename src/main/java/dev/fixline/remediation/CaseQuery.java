package dev.fixline.remediation;

import java.util.List;

/**
 * Filters of the case list; a null filter matches everything.
 *
 * @param visibleTo only the cases this person may see (their own, their teams', those they manage); null:
 *                  every case (auditors, administrators, Fixline itself)
 */
public record CaseQuery(CaseState state, String owner, String team, Boolean breached, String repository,
                        String vulnerabilityId, Visibility visibleTo) {

    /** A person and the teams they belong to or manage. */
    public record Visibility(String person, List<String> teams) {

        public Visibility {
            teams = List.copyOf(teams);
        }
    }

    /** Every case that matches the filters. */
    public CaseQuery(CaseState state, String owner, String team, Boolean breached, String repository,
                     String vulnerabilityId) {
        this(state, owner, team, breached, repository, vulnerabilityId, null);
    }
}
