package dev.fixline.remediation;

import dev.fixline.finding.Severity;
import dev.fixline.remediation.SlaFigures.Closure;
import dev.fixline.remediation.SlaFigures.Grouping;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Builds the {@link SlaReport}: months and age buckets in UTC, figures from {@link SlaFigures}. */
@Service
class SlaReports {

    static final int MONTHS = 12;
    static final int REMEDIATION_WINDOW_DAYS = 90;
    /** The age buckets' lower bounds in days; each bucket runs to the day before the next one's. */
    static final List<Integer> AGE_FROM_DAYS = List.of(0, 8, 31, 91, 181);

    private final SlaFigures figures;
    private final Clock clock;

    SlaReports(SlaFigures figures, Clock clock) {
        this.figures = figures;
        this.clock = clock;
    }

    /** @param v whose sight; null: every case */
    @Transactional(readOnly = true)
    SlaReport report(CaseQuery.Visibility v) {
        Instant now = clock.instant();
        Instant soon = now.plus(Duration.ofDays(SlaReport.DUE_SOON_DAYS));
        return new SlaReport(now, compliance(now, v), REMEDIATION_WINDOW_DAYS, timeToRemediate(now, v), aging(now, v),
                figures.dueBetween(now, soon, ManagerDashboard.ROW_LIMIT, v), figures.countDueBetween(now, soon, v),
                bySeverity(now, v), byName(figures.openLoad(Grouping.TEAM, now, v),
                        Comparator.comparing(SlaReport.Load::name, Comparator.nullsLast(Comparator.naturalOrder()))),
                byName(figures.openLoad(Grouping.OWNER, now, v), Comparator.comparingLong(SlaReport.Load::overdue)
                        .thenComparingLong(SlaReport.Load::open).reversed()
                        .thenComparing(SlaReport.Load::name, Comparator.nullsLast(Comparator.naturalOrder()))),
                ManagerDashboard.ROW_LIMIT);
    }

    /** The last {@link #MONTHS} calendar months in UTC, the current one (so far) last. */
    private List<SlaReport.MonthCompliance> compliance(Instant now, CaseQuery.Visibility v) {
        YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
        List<YearMonth> months = new ArrayList<>();
        for (int back = MONTHS - 1; back >= 0; back--) {
            months.add(current.minusMonths(back));
        }
        List<Instant> boundaries = new ArrayList<>(months.stream().map(SlaReports::start).toList());
        boundaries.add(start(current.plusMonths(1)));
        Map<Integer, Map<Closure, Long>> closed = figures.closuresPerPeriod(boundaries, v);
        List<SlaReport.MonthCompliance> result = new ArrayList<>();
        for (int i = 0; i < months.size(); i++) {
            Map<Closure, Long> month = closed.getOrDefault(i, Map.of());
            long onTime = month.getOrDefault(Closure.ON_TIME, 0L);
            long late = month.getOrDefault(Closure.LATE, 0L);
            result.add(new SlaReport.MonthCompliance(months.get(i).toString(), onTime, late,
                    month.getOrDefault(Closure.NOT_COUNTED, 0L),
                    onTime + late == 0 ? null : oneDecimal(100.0 * onTime / (onTime + late))));
        }
        return result;
    }

    private static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private List<SlaReport.TimeToRemediate> timeToRemediate(Instant now, CaseQuery.Visibility v) {
        Map<Severity, SlaFigures.Remediated> found = figures.remediatedPerSeverity(
                now.minus(Duration.ofDays(REMEDIATION_WINDOW_DAYS)), now, v).stream()
                .collect(Collectors.toMap(SlaFigures.Remediated::severity, Function.identity()));
        return mostSevereFirst().stream().map(s -> {
            SlaFigures.Remediated r = found.get(s);
            return r == null ? new SlaReport.TimeToRemediate(s, 0, null)
                    : new SlaReport.TimeToRemediate(s, r.fixed(), oneDecimal(r.meanSeconds() / 86_400.0));
        }).toList();
    }

    private List<SlaReport.AgeBucket> aging(Instant now, CaseQuery.Visibility v) {
        // Age in whole days: a case first detected 7 days and 23 hours ago is 7 days old.
        List<Instant> detectedAfter = AGE_FROM_DAYS.subList(1, AGE_FROM_DAYS.size()).stream()
                .map(days -> now.minus(Duration.ofDays(days))).toList();
        Map<Integer, Long> open = figures.openPerAge(detectedAfter, v);
        List<SlaReport.AgeBucket> buckets = new ArrayList<>();
        for (int i = 0; i < AGE_FROM_DAYS.size(); i++) {
            int from = AGE_FROM_DAYS.get(i);
            Integer to = i + 1 < AGE_FROM_DAYS.size() ? AGE_FROM_DAYS.get(i + 1) - 1 : null;
            buckets.add(new SlaReport.AgeBucket(to == null ? "over " + (from - 1) + " days" : from + "–" + to + " days",
                    from, to, open.getOrDefault(i, 0L)));
        }
        return buckets;
    }

    /** Every severity that has open cases, the most severe first. */
    private List<SlaReport.Load> bySeverity(Instant now, CaseQuery.Visibility v) {
        Map<String, SlaReport.Load> found = figures.openLoad(Grouping.SEVERITY, now, v).stream()
                .collect(Collectors.toMap(SlaReport.Load::name, Function.identity()));
        return mostSevereFirst().stream().map(s -> found.get(s.name())).filter(java.util.Objects::nonNull).toList();
    }

    private static List<SlaReport.Load> byName(List<SlaReport.Load> loads, Comparator<SlaReport.Load> order) {
        return loads.stream().sorted(order).toList();
    }

    private static List<Severity> mostSevereFirst() {
        List<Severity> all = new ArrayList<>(List.of(Severity.values()));
        java.util.Collections.reverse(all);
        return all;
    }

    private static double oneDecimal(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
