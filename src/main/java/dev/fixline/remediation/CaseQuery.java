package dev.fixline.remediation;

import dev.fixline.finding.Severity;
import java.time.Instant;
import java.util.List;

/**
 * Filters of the case list; a null filter matches everything.
 *
 * @param closed      true: closed cases only; false: the cases still being worked (every state but CLOSED)
 * @param activeFrom  with {@code activeUntil}, the period: cases open at some moment of it (opened before its
 *                    end, not closed before its start); either end may be null (open-ended)
 * @param visibleTo   only the cases this person may see (their own, their teams', those they manage); null:
 *                    every case (auditors, administrators, Fixline itself)
 * @param sort        the order of the list; null: the newest first
 */
public record CaseQuery(CaseState state, String owner, String team, Boolean breached, String repository,
                        String vulnerabilityId, Severity severity, Boolean closed, Instant activeFrom,
                        Instant activeUntil, Visibility visibleTo, Sort sort) {

    /** A person and the teams they belong to or manage. */
    public record Visibility(String person, List<String> teams) {

        public Visibility {
            teams = List.copyOf(teams);
        }
    }

    /** Orders of the case list; every order ends on the case id, so that paging is stable. */
    public enum Sort {
        /** The newest case first. */
        NEWEST,
        /** The soonest due date first (the most overdue leads); cases without a due date last. */
        DUE,
        /** Critical first, then High, …; within a severity the soonest due. */
        SEVERITY
    }

    /** The filters of the REST API's list. */
    public CaseQuery(CaseState state, String owner, String team, Boolean breached, String repository,
                     String vulnerabilityId, Visibility visibleTo) {
        this(state, owner, team, breached, repository, vulnerabilityId, null, null, null, null, visibleTo, null);
    }

    /** Every case that matches the filters. */
    public CaseQuery(CaseState state, String owner, String team, Boolean breached, String repository,
                     String vulnerabilityId) {
        this(state, owner, team, breached, repository, vulnerabilityId, null);
    }
}
