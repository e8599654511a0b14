package dev.fixline.web;

import dev.fixline.finding.FindingStore;
import dev.fixline.finding.Page;
import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.RemediationCases;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The auditor's search: cases, or findings, by repository, CVE, owner, team, state and period; a case opens
 * on its page with the timeline and evidence; the export holds the cases found. Auditors and administrators search
 * every case, managers their teams'.
 */
@Controller
@UiPage
class AuditSearchPage {

    static final int PAGE_SIZE = 50;

    private final RemediationCases cases;
    private final CaseRights rights;
    private final FindingStore findings;
    private final FindingRights findingRights;
    private final Clock clock;

    AuditSearchPage(RemediationCases cases, CaseRights rights, FindingStore findings, FindingRights findingRights,
                    Clock clock) {
        this.cases = cases;
        this.rights = rights;
        this.findings = findings;
        this.findingRights = findingRights;
        this.clock = clock;
    }

    @GetMapping("/audit")
    String search(@RequestParam Map<String, String> params, Authentication who, Model model,
                  HttpServletResponse response) {
        model.addAttribute("params", params);
        try {
            AuditSearch search = AuditSearch.of(params);
            int page = Params.pageNumber(params.getOrDefault("page", "0"));
            model.addAttribute("search", search);
            model.addAttribute("filters", search.parameters());
            if (!search.parameters().isEmpty() || params.containsKey("page") || params.containsKey("go")) {
                if (search.what().equals("findings")) {
                    model.addAttribute("found", findings.findings(findingRights.scoped(who, search.findingQuery(),
                            search.owner(), search.team()), page, PAGE_SIZE));
                } else {
                    Page<CaseView> found = cases.list(search.query(rights.visibility(who)), page, PAGE_SIZE);
                    model.addAttribute("found", found);
                    model.addAttribute("rows", found.items().stream().map(c -> new MyCasesPage.Row(c,
                            CaseRow.of(c, clock.instant()), null)).toList());
                }
            }
        } catch (BadRequestException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", e.getMessage());
            model.addAttribute("problemField", e.parameter());
        }
        return "audit";
    }
}
