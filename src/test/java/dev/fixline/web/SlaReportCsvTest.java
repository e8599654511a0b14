package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.finding.Severity;
import dev.fixline.remediation.SlaReport;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * Names in the SLA report's CSV come from scanners and configuration: one that starts like a formula must
 * reach a spreadsheet as text, and every other cell as it is.
 */
class SlaReportCsvTest {

    @Test
    void aNameThatLooksLikeAFormulaIsText() throws Exception {
        Instant now = Instant.parse("2026-11-30T12:00:00Z");
        SlaReport report = new SlaReport(now, List.of(new SlaReport.MonthCompliance("2026-11", 3, 1, 0, 75.0)), 90,
                List.of(new SlaReport.TimeToRemediate(Severity.HIGH, 4, 12.5)), List.of(), List.of(
                new SlaReport.DueSoon("case-1", Severity.CRITICAL, "CVE-2026-0001", "registry.example",
                        "=HYPERLINK(\"http://evil.example\")", "@owner", "+team", now.plusSeconds(3600))), 1,
                List.of(new SlaReport.Load("HIGH", 2, 1, 1)), List.of(new SlaReport.Load("-1+2", 2, 1, 0),
                new SlaReport.Load(null, 1, 0, 0)), List.of(new SlaReport.Load("frank", 2, 1, 0)), 200);

        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(SlaReportCsv.of(report, "Every team."))).getRecords();

        assertThat(values(rows, "team")).containsExactly("'-1+2", "'-1+2", "'-1+2", "no team yet", "no team yet",
                "no team yet");
        assertThat(rows).filteredOn(r -> r.get("section").equals("due within 7 days"))
                .extracting(r -> r.get("measure") + "=" + r.get("value")).containsExactly(
                        "due=2026-11-30T13:00:00Z", "severity=Critical", "vulnerability=CVE-2026-0001",
                        "image repository=registry.example/=HYPERLINK(\"http://evil.example\")", "owner='@owner",
                        "team='+team");
        assertThat(rows).filteredOn(r -> r.get("section").equals("compliance"))
                .extracting(r -> r.get("measure") + "=" + r.get("value")).containsExactly("fixed on time=3",
                        "fixed late=1", "closed as gone or false positive=0", "compliance %=75.0");
        assertThat(SpreadsheetCells.safe("\tcmd")).isEqualTo("'\tcmd");
        assertThat(SpreadsheetCells.safe("payments")).isEqualTo("payments");
    }

    private static List<String> values(List<CSVRecord> rows, String section) {
        return rows.stream().filter(r -> r.get("section").equals(section)).map(r -> r.get("name")).toList();
    }
}
