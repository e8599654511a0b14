package dev.fixline.web;

import dev.fixline.remediation.CaseQuery;
import dev.fixline.remediation.RemediationCases;
import dev.fixline.finding.Severity;
import dev.fixline.remediation.SlaReport;
import dev.fixline.remediation.SlaStanding;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
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
    private final Clock clock;

    SlaReportController(RemediationCases cases, CaseRights rights, Clock clock) {
        this.cases = cases;
        this.rights = rights;
        this.clock = clock;
    }

    /**
     * Today's report; with {@code asOf} (a UTC day), {@code team}, {@code severity} or {@code case}, the SLA as it
     * stood at the end of that day (today when not given), replayed from the audit log ({@link SlaStanding}).
     */
    @GetMapping(value = "/api/reports/sla", produces = MediaType.APPLICATION_JSON_VALUE)
    Object json(@RequestParam(required = false) String asOf, @RequestParam(required = false) String team,
                @RequestParam(required = false) String severity,
                @RequestParam(name = "case", required = false) String caseId, Authentication who) {
        CaseQuery.Visibility sight = sightOf(who);
        HistoryQuery history = HistoryQuery.of(asOf, team, severity, caseId, clock);
        return history == null ? cases.slaReport(sight) : history.standing(cases, sight, clock);
    }

    @GetMapping(value = "/api/reports/sla", produces = "text/csv")
    ResponseEntity<String> csv(@RequestParam(required = false) String asOf, @RequestParam(required = false) String team,
                               @RequestParam(required = false) String severity,
                               @RequestParam(name = "case", required = false) String caseId, Authentication who) {
        sightOf(who); // an owner is refused before the parameters are read
        return csvFile(who, HistoryQuery.of(asOf, team, severity, caseId, clock));
    }

    @GetMapping("/api/reports/sla.csv")
    ResponseEntity<String> csvLink(@RequestParam(required = false) String asOf,
                                   @RequestParam(required = false) String team,
                                   @RequestParam(required = false) String severity,
                                   @RequestParam(name = "case", required = false) String caseId, Authentication who) {
        sightOf(who);
        return csvFile(who, HistoryQuery.of(asOf, team, severity, caseId, clock));
    }

    private ResponseEntity<String> csvFile(Authentication who, HistoryQuery history) {
        CaseQuery.Visibility sight = sightOf(who);
        if (history != null) {
            SlaStanding standing = history.standing(cases, sight, clock);
            return ResponseEntity.ok().contentType(TEXT_CSV)
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                            .filename("fixline-sla-as-of-" + history.day() + ".csv").build().toString())
                    .body(SlaStandingCsv.of(standing, describe(sight)));
        }
        SlaReport report = cases.slaReport(sight);
        return ResponseEntity.ok().contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("fixline-sla-" + report.asOf().toString().substring(0, 10) + ".csv").build().toString())
                .body(SlaReportCsv.of(report, describe(sight)));
    }

    /** The parameters of the SLA as of a day; null when none is given (today's report). */
    record HistoryQuery(LocalDate day, String team, Severity severity, String caseId) {

        static HistoryQuery of(String asOf, String team, String severity, String caseId, Clock clock) {
            String dayText = Params.blankToNull(asOf);
            if (dayText == null && Params.blankToNull(team) == null && Params.blankToNull(severity) == null
                    && Params.blankToNull(caseId) == null) {
                return null;
            }
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            LocalDate day = dayText == null ? today : LocalDate.ofInstant(Params.day("asOf", dayText), ZoneOffset.UTC);
            if (day.isAfter(today)) {
                throw new BadRequestException("asOf", "'" + dayText + "' is after today (" + today + ", UTC): the SLA "
                        + "can be told as it stood, not as it will stand");
            }
            return new HistoryQuery(day, Params.blankToNull(team), Params.enumValue("severity", severity,
                    Severity.class), Params.blankToNull(caseId));
        }

        /** As it stood at the end of the day (UTC, its last microsecond); today: as it stands now. */
        SlaStanding standing(RemediationCases cases, CaseQuery.Visibility sight, Clock clock) {
            Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1000);
            Instant now = clock.instant();
            return cases.slaStanding(end.isAfter(now) ? now : end, team, severity, caseId, sight);
        }
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
