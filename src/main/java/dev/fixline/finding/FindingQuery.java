package dev.fixline.finding;

/** Filters of the finding list; a null filter matches everything. */
public record FindingQuery(FindingState state, Severity severity, String repository, String vulnerabilityId) {
}
