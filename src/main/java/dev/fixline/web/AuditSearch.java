package dev.fixline.web;

import dev.fixline.finding.FindingQuery;
import dev.fixline.finding.FindingState;
import dev.fixline.remediation.CaseQuery;
import dev.fixline.remediation.CaseState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The auditor's search as typed: cases or findings, by repository, CVE, owner, team, state and a period of days
 * in UTC. A case (a finding) is in the period when it was open at some moment of it; the export keeps the
 * events that occurred in it.
 *
 * @param until the first instant after the period (the day after {@code to}, at midnight UTC)
 */
record AuditSearch(String what, String repository, String cve, String owner, String team, String state, String from,
                   String to, Instant since, Instant until) {

    static AuditSearch of(Map<String, String> params) {
        String from = Params.blankToNull(params.get("from"));
        String to = Params.blankToNull(params.get("to"));
        Instant since = from == null ? null : Params.day("from", from);
        Instant until = to == null ? null : Params.day("to", to).plusSeconds(86_400);
        if (since != null && until != null && !since.isBefore(until)) {
            throw new BadRequestException("to", "the period ends (" + to + ") before it starts (" + from + ")");
        }
        String what = params.getOrDefault("what", "cases");
        if (!what.equals("cases") && !what.equals("findings")) {
            throw new BadRequestException("what", "'" + what + "' is neither cases nor findings");
        }
        return new AuditSearch(what, Params.blankToNull(params.get("repository")),
                Params.blankToNull(params.get("cve")), Params.blankToNull(params.get("owner")),
                Params.blankToNull(params.get("team")), Params.blankToNull(params.get("state")), from, to,
                since, until);
    }

    CaseQuery query(CaseQuery.Visibility sight) {
        CaseState caseState = null;
        Boolean closed = null;
        if ("open".equals(state)) {
            closed = false;
        } else if (state != null) {
            caseState = Params.enumValue("state", state, CaseState.class);
        }
        return new CaseQuery(caseState, owner, team, null, repository, cve, null, closed, since, until, sight,
                CaseQuery.Sort.NEWEST);
    }

    /** The findings searched for: their state, repository, CVE and period; owner and team go by location. */
    FindingQuery findingQuery() {
        FindingState findingState = "open".equals(state) ? FindingState.OPEN
                : Params.enumValue("state", state, FindingState.class);
        return new FindingQuery(findingState, null, repository, cve, null, since, until);
    }

    /** The filters as query parameters, for the export links and the pager; blanks left out. */
    Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        if (what.equals("findings")) {
            p.put("what", what);
        }
        put(p, "repository", repository);
        put(p, "cve", cve);
        put(p, "owner", owner);
        put(p, "team", team);
        put(p, "state", state);
        put(p, "from", from);
        put(p, "to", to);
        return p;
    }

    private static void put(Map<String, String> p, String name, String value) {
        if (value != null) {
            p.put(name, value);
        }
    }
}
