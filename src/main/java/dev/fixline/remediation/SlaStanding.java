package dev.fixline.remediation;

import dev.fixline.finding.Severity;
import java.time.Instant;
import java.util.List;

/**
 * The SLA as it stood at {@code asOf}, replayed from the governance log rather than read from today's state:
 * each case's severity, team, due date, pause and closure as the events recorded them up to that instant.
 *
 * @param asOf             the instant the figures stand at, events at it included (the last microsecond of the day
 *                         asked for, UTC; now, for today)
 * @param team             the team filtered on (as assigned at {@code asOf}); null: every team in sight
 * @param severity         the severity filtered on (as it stood at {@code asOf}); null: all
 * @param caseId           the one case asked about; null: all
 * @param windowDays       closures this many days before {@code asOf} count towards compliance and time to remediate
 * @param open             cases open at {@code asOf}
 * @param openWithinSla    open, their due date not passed
 * @param openOverdue      open, their due date passed, the clock running
 * @param openPaused       open with the clock stopped by an approved exception
 * @param breachesRecorded open cases whose breach had been recorded (the manager told) by {@code asOf}
 * @param fixedOnTime      closed as fixed in the window, no later than the due date then in force (or while an
 *                         exception approved before it ran)
 * @param fixedLate        closed as fixed in the window after the due date
 * @param notCounted       closed in the window as gone or as a false positive: nothing to fix
 * @param compliancePercent {@code fixedOnTime} of all fixed in the window, one decimal; null when none
 * @param timeToRemediate  per severity, the mean days from opening to the fix of the window's fixed cases
 * @param cases            the cases behind every figure, each with its standing
 */
public record SlaStanding(Instant asOf, String team, Severity severity, String caseId, int windowDays, long open,
                          long openWithinSla, long openOverdue, long openPaused, long breachesRecorded,
                          long fixedOnTime, long fixedLate, long notCounted, Double compliancePercent,
                          List<SlaReport.TimeToRemediate> timeToRemediate, List<CaseStanding> cases) {

    /** Where a case stood, and so which figure it is behind. */
    public enum Standing {
        OPEN_WITHIN_SLA("open, within SLA"), OPEN_OVERDUE("open, overdue"), OPEN_PAUSED("open, SLA paused"),
        FIXED_ON_TIME("fixed on time"), FIXED_LATE("fixed late"), NOT_COUNTED("closed as gone or false positive");

        private final String label;

        Standing(String label) {
            this.label = label;
        }

        /** In words, for a page. */
        public String label() {
            return label;
        }

        /** Whether a case standing so was within its SLA at that moment. */
        public boolean withinSla() {
            return this == OPEN_WITHIN_SLA || this == OPEN_PAUSED || this == FIXED_ON_TIME || this == NOT_COUNTED;
        }
    }

    /**
     * One case as it stood.
     *
     * @param dueAt      the due date in force at {@code asOf} (moved by the pauses that had ended)
     * @param pausedAt   when the running pause began; null when the clock ran
     * @param breachedAt when the breach was recorded, if it was by {@code asOf}
     * @param resolution FIXED, GONE or FALSE_POSITIVE when closed by {@code asOf}
     */
    public record CaseStanding(String caseId, Severity severity, String vulnerabilityId, String owner, String team,
                               Instant openedAt, Instant dueAt, Instant pausedAt, Instant breachedAt, Instant closedAt,
                               String resolution, Standing standing, boolean withinSla) {
    }
}
