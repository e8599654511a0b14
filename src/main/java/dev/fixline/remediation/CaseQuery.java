package dev.fixline.remediation;

/** Filters of the case list; a null filter matches everything. */
public record CaseQuery(CaseState state, String owner, String team, Boolean breached, String repository,
                        String vulnerabilityId) {
}
