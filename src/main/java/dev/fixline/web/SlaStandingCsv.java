package dev.fixline.web;

import dev.fixline.remediation.SlaReport;
import dev.fixline.remediation.SlaStanding;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The SLA as it stood on a day, in the long form of {@link SlaReportCsv} ({@code section,name,measure,value}):
 * sections {@code report}, {@code figures}, {@code time to remediate}, and {@code case} (each case behind the
 * figures: its standing and dates as they were).
 */
final class SlaStandingCsv {

    private SlaStandingCsv() {
    }

    static String of(SlaStanding s, String sight) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder()
                .setHeader(SlaReportCsv.HEADER.toArray(String[]::new)).get())) {
            Rows rows = new Rows(csv);
            rows.add("report", "", "as of", s.asOf().toString());
            rows.add("report", "", "sight", sight);
            rows.add("report", "", "team", s.team());
            rows.add("report", "", "severity", s.severity() == null ? null : s.severity().label());
            rows.add("report", "", "source", "the audit log, replayed to the as-of instant");
            rows.add("figures", "", "open", s.open());
            rows.add("figures", "", "open within SLA", s.openWithinSla());
            rows.add("figures", "", "open overdue", s.openOverdue());
            rows.add("figures", "", "open with the SLA paused", s.openPaused());
            rows.add("figures", "", "open with a breach recorded", s.breachesRecorded());
            String window = " in the last " + s.windowDays() + " days";
            rows.add("figures", "", "fixed on time" + window, s.fixedOnTime());
            rows.add("figures", "", "fixed late" + window, s.fixedLate());
            rows.add("figures", "", "closed as gone or false positive" + window, s.notCounted());
            rows.add("figures", "", "compliance %", s.compliancePercent());
            for (SlaReport.TimeToRemediate t : s.timeToRemediate()) {
                rows.add("time to remediate", t.severity().label(), "fixed" + window, t.fixed());
                rows.add("time to remediate", t.severity().label(), "mean days", t.meanDays());
            }
            for (SlaStanding.CaseStanding c : s.cases()) {
                rows.add("case", c.caseId(), "standing", c.standing().name());
                rows.add("case", c.caseId(), "within SLA", String.valueOf(c.withinSla()));
                rows.add("case", c.caseId(), "severity", c.severity() == null ? null : c.severity().label());
                rows.add("case", c.caseId(), "vulnerability", c.vulnerabilityId());
                rows.add("case", c.caseId(), "owner", c.owner());
                rows.add("case", c.caseId(), "team", c.team());
                rows.add("case", c.caseId(), "opened", text(c.openedAt()));
                rows.add("case", c.caseId(), "due", text(c.dueAt()));
                rows.add("case", c.caseId(), "paused since", text(c.pausedAt()));
                rows.add("case", c.caseId(), "breach recorded", text(c.breachedAt()));
                rows.add("case", c.caseId(), "closed", text(c.closedAt()));
                rows.add("case", c.caseId(), "resolution", c.resolution());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string does not fail", e);
        }
        return out.toString();
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    /** Every text cell through {@link SpreadsheetCells}; numbers as they are. */
    private record Rows(CSVPrinter csv) {

        void add(String section, String name, String measure, Object value) throws IOException {
            csv.printRecord(SpreadsheetCells.safe(section), SpreadsheetCells.safe(name), SpreadsheetCells.safe(measure),
                    value instanceof String text ? SpreadsheetCells.safe(text) : value == null ? "" : value);
        }
    }
}
