package dev.fixline.web;

import dev.fixline.remediation.CaseQuery;
import dev.fixline.remediation.RemediationCases;
import dev.fixline.remediation.SlaReport;
import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The SLA report of DESIGN §5: JSON, or CSV with {@code Accept: text/csv}; {@code /api/reports/sla.csv}
 * gives the CSV to a link in a browser, which cannot choose its Accept header. For those who see the
 * manager's dashboard (managers, auditors, administrators), over the same cases as the dashboard: a
 * manager's teams', everyone's for auditors and administrators.
 */
@RestController
class SlaReportController {

    static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final RemediationCases cases;
    private final CaseRights rights;

    SlaReportController(RemediationCases cases, CaseRights rights) {
        this.cases = cases;
        this.rights = rights;
    }

    @GetMapping(value = "/api/reports/sla", produces = MediaType.APPLICATION_JSON_VALUE)
    SlaReport json(Authentication who) {
        return cases.slaReport(sightOf(who));
    }

    @GetMapping(value = "/api/reports/sla", produces = "text/csv")
    ResponseEntity<String> csv(Authentication who) {
        return csvFile(who);
    }

    @GetMapping("/api/reports/sla.csv")
    ResponseEntity<String> csvLink(Authentication who) {
        return csvFile(who);
    }

    private ResponseEntity<String> csvFile(Authentication who) {
        CaseQuery.Visibility sight = sightOf(who);
        SlaReport report = cases.slaReport(sight);
        return ResponseEntity.ok().contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("fixline-sla-" + report.asOf().toString().substring(0, 10) + ".csv").build().toString())
                .body(SlaReportCsv.of(report, describe(sight)));
    }

    /** The report is the dashboard's: an owner is refused, as at {@code /manager}. */
    private CaseQuery.Visibility sightOf(Authentication who) {
        if (!Roles.seesDashboard(who)) {
            throw new ForbiddenException("the SLA report is for managers, auditors and administrators");
        }
        return rights.visibility(who);
    }

    /** Whose figures these are, in the dashboard's words. */
    static String describe(CaseQuery.Visibility sight) {
        if (sight == null) {
            return "Every team.";
        }
        return sight.teams().isEmpty() ? "The cases you own or manage."
                : "Your teams: " + String.join(", ", sight.teams()) + ", and the cases you own or manage.";
    }
}
