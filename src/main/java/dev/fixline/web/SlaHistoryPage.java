package dev.fixline.web;

import dev.fixline.finding.Severity;
import dev.fixline.remediation.CaseQuery;
import dev.fixline.remediation.RemediationCases;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Was it within SLA on that day?": the SLA as it stood at the end of a day, replayed from the audit log, for a
 * team and severity, with the cases behind each figure. For those who see the dashboard (managers their teams',
 * auditors and administrators everyone's); linked from the dashboard and the auditor's search.
 */
@Controller
@UiPage
class SlaHistoryPage {

    private final RemediationCases cases;
    private final CaseRights rights;
    private final Clock clock;

    SlaHistoryPage(RemediationCases cases, CaseRights rights, Clock clock) {
        this.cases = cases;
        this.rights = rights;
        this.clock = clock;
    }

    @GetMapping("/reports/sla-history")
    String page(@RequestParam Map<String, String> params, Authentication who, Model model,
                HttpServletResponse response) {
        if (!Roles.seesDashboard(who)) {
            throw new ForbiddenException("the SLA as it stood is for managers, auditors and administrators");
        }
        String today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
        String asOf = params.getOrDefault("asOf", "").isBlank() ? today : params.get("asOf").strip();
        model.addAttribute("params", params);
        model.addAttribute("asOf", asOf);
        model.addAttribute("today", today);
        model.addAttribute("severities", List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW));
        try {
            SlaReportController.HistoryQuery query = SlaReportController.HistoryQuery.of(asOf, params.get("team"),
                    params.get("severity"), null, clock);
            CaseQuery.Visibility sight = rights.visibility(who);
            model.addAttribute("standing", query.standing(cases, sight, clock));
            model.addAttribute("sight", SlaReportController.describe(sight));
        } catch (BadRequestException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", e.getMessage());
            model.addAttribute("problemField", e.parameter());
        }
        return "sla-history";
    }
}
