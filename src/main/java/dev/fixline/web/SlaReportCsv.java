package dev.fixline.web;

import dev.fixline.remediation.SlaReport;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The SLA report as one CSV table in long form, {@code section,name,measure,value}: every figure on its own
 * row, so that a spreadsheet's filter or pivot table reads every section alike. Sections: {@code report},
 * {@code compliance}, {@code time to remediate}, {@code aging}, {@code severity}, {@code team},
 * {@code owner} and {@code due within 7 days}; a figure with no value (no case fixed that month) is empty.
 */
final class SlaReportCsv {

    static final List<String> HEADER = List.of("section", "name", "measure", "value");
    static final String NO_OWNER = "no owner yet";

    private SlaReportCsv() {
    }

    static String of(SlaReport report, String sight) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder()
                .setHeader(HEADER.toArray(String[]::new)).get())) {
            Rows rows = new Rows(csv);
            rows.add("report", "", "as of", report.asOf().toString());
            rows.add("report", "", "sight", sight);
            for (SlaReport.MonthCompliance m : report.compliance()) {
                rows.add("compliance", m.month(), "fixed on time", m.fixedOnTime());
                rows.add("compliance", m.month(), "fixed late", m.fixedLate());
                rows.add("compliance", m.month(), "closed as gone or false positive", m.notCounted());
                rows.add("compliance", m.month(), "compliance %", m.compliancePercent());
            }
            for (SlaReport.TimeToRemediate t : report.timeToRemediate()) {
                String window = "fixed in the last " + report.remediationWindowDays() + " days";
                rows.add("time to remediate", t.severity().label(), window, t.fixed());
                rows.add("time to remediate", t.severity().label(), "mean days", t.meanDays());
            }
            for (SlaReport.AgeBucket a : report.aging()) {
                rows.add("aging", a.label(), "open", a.open());
            }
            loads(rows, "severity", report.bySeverity(), "");
            loads(rows, "team", report.byTeam(), TeamChart.NO_TEAM);
            loads(rows, "owner", report.byOwner(), NO_OWNER);
            for (SlaReport.DueSoon d : report.dueSoon()) {
                String section = "due within " + SlaReport.DUE_SOON_DAYS + " days";
                rows.add(section, d.caseId(), "due", d.dueAt().toString());
                rows.add(section, d.caseId(), "severity", d.severity().label());
                rows.add(section, d.caseId(), "vulnerability", d.vulnerabilityId());
                rows.add(section, d.caseId(), "image repository", d.registryHost() + "/" + d.repository());
                rows.add(section, d.caseId(), "owner", d.owner());
                rows.add(section, d.caseId(), "team", d.team());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string does not fail", e);
        }
        return out.toString();
    }

    private static void loads(Rows rows, String section, List<SlaReport.Load> loads, String unassigned)
            throws IOException {
        for (SlaReport.Load l : loads) {
            String name = l.name() == null ? unassigned : l.name();
            rows.add(section, name, "open", l.open());
            rows.add(section, name, "overdue", l.overdue());
            rows.add(section, name, "breached", l.breached());
        }
    }

    /** Every text cell through {@link SpreadsheetCells}; numbers as they are. */
    private record Rows(CSVPrinter csv) {

        void add(String section, String name, String measure, Object value) throws IOException {
            csv.printRecord(SpreadsheetCells.safe(section), SpreadsheetCells.safe(name), SpreadsheetCells.safe(measure),
                    value instanceof String text ? SpreadsheetCells.safe(text) : value == null ? "" : value);
        }
    }
}
