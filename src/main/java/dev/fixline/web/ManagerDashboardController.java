package dev.fixline.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.limits.ControlCharacters;
import dev.fixline.remediation.CaseQuery;
import dev.fixline.remediation.RemediationCases;
import dev.fixline.remediation.ManagerOverview;
import dev.fixline.remediation.SlaReport;
import jakarta.servlet.http.HttpServletResponse;
import java.util.NoSuchElementException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The manager's SLA dashboard, and the decisions on exception requests and false-positive claims made from
 * it. A manager sees the cases of the teams they manage, auditors and administrators every team's (as
 * {@link CaseRights} says); the SLA charts are {@link SlaReportController}'s report over the same cases.
 */
@Controller
@RequestMapping("/manager")
class ManagerDashboardController {

    static final int MAX_REASON_LENGTH = 2000;

    /** The two queues whose requests are decided from the dashboard, and the two answers each takes. */
    enum Queue {
        EXCEPTION("approve", "refuse"), FALSE_POSITIVE("confirm", "reject");

        final String yes;
        final String no;

        Queue(String yes, String no) {
            this.yes = yes;
            this.no = no;
        }
    }

    /**
     * A decision form the server refused, shown beside that form; {@code field} names the input at fault.
     */
    record DecisionError(Queue queue, String caseId, String field, String message) {
    }

    private final RemediationCases cases;
    private final CaseRights rights;
    private final ObjectMapper json;

    ManagerDashboardController(RemediationCases cases, CaseRights rights, ObjectMapper json) {
        this.cases = cases;
        this.rights = rights;
        this.json = json;
    }

    @GetMapping
    String show(Authentication who, Model model) {
        return page(who, model);
    }

    /** Approves or refuses the request waiting on a case, then back to the dashboard (post/redirect/get). */
    @PostMapping("/exception-requests/{caseId}")
    String decide(@PathVariable String caseId, @RequestParam(required = false) String decision,
                  @RequestParam(required = false) String reason, Authentication who, Model model,
                  RedirectAttributes redirect, HttpServletResponse response) {
        DecisionError error = check(Queue.EXCEPTION, caseId, decision, reason);
        if (error != null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("decisionError", error);
            return page(who, model);
        }
        boolean approved = "approve".equals(decision);
        try {
            cases.decideException(caseId, who.getName(), Roles.isAdmin(who), approved, reason.strip());
            redirect.addFlashAttribute("notice", "Exception for case " + caseId + (approved ? " approved." : " refused."));
        } catch (NoSuchElementException e) {
            redirect.addFlashAttribute("problem", "There is no case " + caseId + ".");
        } catch (dev.fixline.remediation.NotAnApproverException e) {
            redirect.addFlashAttribute("problem", "You may not decide this request: " + e.getMessage() + ".");
        } catch (IllegalStateException e) {
            // Decided meanwhile, in another tab, in Tasklist or through the API.
            redirect.addFlashAttribute("problem", e.getMessage() + ".");
        }
        return "redirect:/manager";
    }

    /**
     * Confirms or rejects the false-positive claim waiting on a case (security approvers and administrators,
     * as {@code POST /api/cases/{id}/false-positive-decision}), then back to the dashboard.
     */
    @PostMapping("/false-positive-claims/{caseId}")
    String decideClaim(@PathVariable String caseId, @RequestParam(required = false) String decision,
                       @RequestParam(required = false) String reason, Authentication who, Model model,
                       RedirectAttributes redirect, HttpServletResponse response) {
        DecisionError error = check(Queue.FALSE_POSITIVE, caseId, decision, reason);
        if (error != null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("decisionError", error);
            return page(who, model);
        }
        boolean confirmed = Queue.FALSE_POSITIVE.yes.equals(decision);
        try {
            cases.decideFalsePositive(caseId, who.getName(), Roles.isAdmin(who), confirmed, reason.strip());
            redirect.addFlashAttribute("notice", "False positive on case " + caseId + (confirmed
                    ? " confirmed: the finding is suppressed and the case closed." : " rejected: the case goes back "
                    + "to its owner."));
        } catch (NoSuchElementException e) {
            redirect.addFlashAttribute("problem", "There is no case " + caseId + ".");
        } catch (dev.fixline.remediation.NotAnApproverException e) {
            redirect.addFlashAttribute("problem", "You may not decide this claim: " + e.getMessage() + ".");
        } catch (IllegalStateException e) {
            redirect.addFlashAttribute("problem", e.getMessage() + ".");
        }
        return "redirect:/manager";
    }

    private static DecisionError check(Queue queue, String caseId, String decision, String reason) {
        if (!queue.yes.equals(decision) && !queue.no.equals(decision)) {
            return new DecisionError(queue, caseId, "decision", "Choose " + capitalised(queue.yes) + " or "
                    + capitalised(queue.no) + ".");
        }
        if (reason == null || reason.isBlank()) {
            return new DecisionError(queue, caseId, "reason",
                    "Reason is required: say why, for the owner and the auditors.");
        }
        if (reason.length() > MAX_REASON_LENGTH) {
            return new DecisionError(queue, caseId, "reason", "Reason is too long: at most " + MAX_REASON_LENGTH
                    + " characters.");
        }
        if (ControlCharacters.inText(reason) >= 0) {
            return new DecisionError(queue, caseId, "reason", "Reason " + ControlCharacters.describe(reason,
                    ControlCharacters.inText(reason)) + ": only line breaks and tabs may be in it.");
        }
        return null;
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    /** A chart's data for the page, as JSON in an attribute: escaped as any attribute is, whatever the names. */
    private String chartJson(Object chart) {
        try {
            return json.writeValueAsString(chart);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a chart of names and numbers is always JSON", e);
        }
    }

    private String page(Authentication who, Model model) {
        CaseQuery.Visibility sight = rights.visibility(who);
        ManagerOverview overview = cases.overview(sight);
        model.addAttribute("overview", overview);
        // Whose figures these are: null for every team.
        model.addAttribute("sightTeams", sight == null ? null : sight.teams());
        model.addAttribute("mayDecide", Roles.isManager(who));
        model.addAttribute("chartJson", chartJson(TeamChart.of(overview.teams())));
        SlaReport report = cases.slaReport(sight);
        model.addAttribute("report", report);
        DashboardCharts.Compliance compliance = DashboardCharts.Compliance.of(report);
        DashboardCharts.TimeToRemediate remediation = DashboardCharts.TimeToRemediate.of(report);
        DashboardCharts.Aging aging = DashboardCharts.Aging.of(report);
        model.addAttribute("complianceEmpty", compliance.empty());
        model.addAttribute("complianceJson", chartJson(compliance));
        model.addAttribute("remediationEmpty", remediation.empty());
        model.addAttribute("remediationJson", chartJson(remediation));
        model.addAttribute("agingEmpty", aging.empty());
        model.addAttribute("agingJson", chartJson(aging));
        // A claim is decided by the security approvers it names, or an administrator; never by its claimant.
        model.addAttribute("claimsToDecide", overview.falsePositiveClaims().stream()
                .filter(c -> !who.getName().equals(c.claimedBy())
                        && (Roles.isAdmin(who) || c.deciders().contains(who.getName())))
                .map(ManagerOverview.FalsePositiveClaim::caseId).collect(java.util.stream.Collectors.toSet()));
        model.addAttribute("maxReasonLength", MAX_REASON_LENGTH);
        return "manager";
    }
}
