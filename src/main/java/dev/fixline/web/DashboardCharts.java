package dev.fixline.web;

import dev.fixline.remediation.SlaReport;
import java.util.List;

/**
 * The data of the dashboard's SLA charts, each embedded in the page as JSON in an attribute (as
 * {@link TeamChart}) and drawn by {@code manager-dashboard.js}. Numbers only, with their labels: the
 * tables beside the charts carry the same figures for people who do not see them.
 */
final class DashboardCharts {

    private DashboardCharts() {
    }

    /** Per month: the compliance share in percent (null: nothing fixed that month) and how many were fixed. */
    record Compliance(List<String> months, List<Double> percent, List<Long> fixed) {

        static Compliance of(SlaReport report) {
            return new Compliance(report.compliance().stream().map(SlaReport.MonthCompliance::month).toList(),
                    report.compliance().stream().map(SlaReport.MonthCompliance::compliancePercent).toList(),
                    report.compliance().stream().map(SlaReport.MonthCompliance::fixed).toList());
        }

        boolean empty() {
            return fixed.stream().allMatch(f -> f == 0);
        }
    }

    /** Per severity, the most severe first: mean days to remediate (null: none fixed) and how many were fixed. */
    record TimeToRemediate(List<String> severities, List<Double> meanDays, List<Long> fixed) {

        static TimeToRemediate of(SlaReport report) {
            return new TimeToRemediate(report.timeToRemediate().stream().map(t -> t.severity().label()).toList(),
                    report.timeToRemediate().stream().map(SlaReport.TimeToRemediate::meanDays).toList(),
                    report.timeToRemediate().stream().map(SlaReport.TimeToRemediate::fixed).toList());
        }

        boolean empty() {
            return fixed.stream().allMatch(f -> f == 0);
        }
    }

    /** Open cases per age bucket. */
    record Aging(List<String> buckets, List<Long> open) {

        static Aging of(SlaReport report) {
            return new Aging(report.aging().stream().map(SlaReport.AgeBucket::label).toList(),
                    report.aging().stream().map(SlaReport.AgeBucket::open).toList());
        }

        boolean empty() {
            return open.stream().allMatch(o -> o == 0);
        }
    }
}
