package dev.fixline.remediation;

import dev.fixline.finding.Severity;
import java.time.Instant;
import java.util.List;

/**
 * A manager's SLA report, as of one instant and for one person's sight (the same cases as the dashboard):
 * how the open cases stand, how the closed ones went, and which will breach next.
 *
 * @param compliance       one entry per calendar month (UTC), the oldest first, the current month last
 * @param remediationWindowDays over how many days back {@code timeToRemediate} looks
 * @param timeToRemediate  per severity, the most severe first; every severity, with zero cases where none
 * @param aging            the open cases by days since the scanner first saw their finding
 * @param dueSoon          open cases that breach within {@link #DUE_SOON_DAYS} days, the soonest first
 * @param bySeverity       open cases per severity, the most severe first
 * @param byTeam           open cases per team (null: not assigned yet), by name
 * @param byOwner          open cases per owner (null: not assigned yet), the most overdue first
 */
public record SlaReport(Instant asOf, List<MonthCompliance> compliance, int remediationWindowDays,
                        List<TimeToRemediate> timeToRemediate, List<AgeBucket> aging, List<DueSoon> dueSoon,
                        long dueSoonCount, List<Load> bySeverity, List<Load> byTeam, List<Load> byOwner,
                        int rowLimit) {

    public static final int DUE_SOON_DAYS = 7;

    /**
     * The cases closed in one month. Only closures as fixed count towards compliance: a case closed as gone
     * (image deleted or out of scan scope) or as a false positive had nothing to fix, so it is counted
     * apart and left out of the share.
     *
     * @param month          {@code yyyy-MM}
     * @param fixedOnTime    closed as fixed no later than the due date (moved on by approved exceptions)
     * @param fixedLate      closed as fixed after the due date
     * @param notCounted     closed as gone or as a false positive
     * @param compliancePercent {@code fixedOnTime} as a share of all fixed, in percent, one decimal; null
     *                       when no case was fixed that month
     */
    public record MonthCompliance(String month, long fixedOnTime, long fixedLate, long notCounted,
                                  Double compliancePercent) {

        public long fixed() {
            return fixedOnTime + fixedLate;
        }
    }

    /**
     * @param fixed     cases of that severity closed as fixed in the window
     * @param meanDays  mean days from the case's opening to its closure, one decimal; null when none
     */
    public record TimeToRemediate(Severity severity, long fixed, Double meanDays) {
    }

    /** @param toDays inclusive; null for the last, open-ended bucket */
    public record AgeBucket(String label, int fromDays, Integer toDays, long open) {
    }

    public record DueSoon(String caseId, Severity severity, String vulnerabilityId, String registryHost,
                          String repository, String owner, String team, Instant dueAt) {
    }

    /**
     * The open cases of one severity, team or owner.
     *
     * @param overdue  past their due date (cases under an approved exception are not)
     * @param breached whose breach was recorded (the manager was told)
     */
    public record Load(String name, long open, long overdue, long breached) {
    }
}
