package dev.fixline.web;

import dev.fixline.finding.Page;
import dev.fixline.finding.Severity;
import dev.fixline.remediation.CaseQuery;
import dev.fixline.remediation.CaseState;
import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.RemediationCases;
import dev.fixline.ticketing.TicketLink;
import dev.fixline.ticketing.Tickets;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The case list of the UI: an owner's own cases first ("mine"), their teams' at a click; managers see their
 * teams', auditors and administrators every case. Filtered, sorted and paged on the server.
 */
@Controller
class MyCasesPage {

    static final int PAGE_SIZE = 25;

    /** One row of the list, with the ticket the case's owner works in. */
    record Row(CaseView c, CaseRow facts, TicketLink ticket) {
    }

    private final RemediationCases cases;
    private final CaseRights rights;
    private final Tickets tickets;
    private final Clock clock;

    MyCasesPage(RemediationCases cases, CaseRights rights, Tickets tickets, Clock clock) {
        this.cases = cases;
        this.rights = rights;
        this.tickets = tickets;
        this.clock = clock;
    }

    @GetMapping("/cases")
    String list(@RequestParam(required = false) String view, @RequestParam(defaultValue = "open") String status,
                @RequestParam(required = false) String severity, @RequestParam(required = false) String repository,
                @RequestParam(required = false) String cve, @RequestParam(defaultValue = "due") String sort,
                @RequestParam(defaultValue = "0") String page, Authentication who, Model model,
                HttpServletResponse response) {
        String shown = view != null ? view : Roles.isOwnerOnly(who) ? "mine" : "all";
        model.addAttribute("view", shown);
        model.addAttribute("status", status);
        model.addAttribute("severity", severity == null ? "" : severity);
        model.addAttribute("repository", repository == null ? "" : repository);
        model.addAttribute("cve", cve == null ? "" : cve);
        model.addAttribute("sort", sort);
        model.addAttribute("severities", List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW));
        try {
            CaseQuery query = query(shown, status, severity, repository, cve, sort, who);
            int number = Params.pageNumber(page);
            Page<CaseView> found = cases.list(query, number, PAGE_SIZE);
            model.addAttribute("found", found);
            Map<String, TicketLink> ticketsOf = tickets.linksOf(found.items().stream().map(CaseView::id).toList());
            model.addAttribute("rows", found.items().stream()
                    .map(c -> new Row(c, CaseRow.of(c, clock.instant()), ticketsOf.get(c.id()))).toList());
        } catch (BadRequestException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", e.getMessage());
            model.addAttribute("problemField", e.parameter());
        }
        return "cases";
    }

    private CaseQuery query(String view, String status, String severity, String repository, String cve,
                            String sort, Authentication who) {
        String owner = switch (view) {
            case "mine" -> who.getName();
            case "all" -> null;
            default -> throw new BadRequestException("view", "'" + view + "' is neither mine nor all");
        };
        CaseState state = null;
        Boolean closed = null;
        switch (status) {
            case "open" -> closed = false;
            case "closed" -> closed = true;
            case "all" -> { }
            default -> state = Params.enumValue("status", status, CaseState.class);
        }
        Severity level = severity == null || severity.isBlank() ? null : Severity.parse(severity).orElseThrow(() ->
                new BadRequestException("severity", "'" + severity + "' is not one of Low, Medium, High, Critical"));
        CaseQuery.Sort order = Params.enumValue("sort", sort, CaseQuery.Sort.class);
        return new CaseQuery(state, owner, null, null, Params.blankToNull(repository), Params.blankToNull(cve), level,
                closed, null, null, rights.visibility(who), order);
    }
}
