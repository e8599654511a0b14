package dev.fixline.web;

import dev.fixline.audit.AuditEvent;
import dev.fixline.finding.Page;
import dev.fixline.remediation.CaseQuery;
import dev.fixline.remediation.CaseReassignments;
import dev.fixline.remediation.ReassignmentInvalidException;
import dev.fixline.remediation.CaseState;
import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.RemediationCases;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/cases")
class CaseController {

    private final RemediationCases cases;
    private final CaseRights rights;

    CaseController(RemediationCases cases, CaseRights rights) {
        this.cases = cases;
        this.rights = rights;
    }

    @GetMapping
    Page<CaseView> list(@RequestParam(required = false) String state,
                        @RequestParam(required = false) String owner,
                        @RequestParam(required = false) String team,
                        @RequestParam(required = false) Boolean breached,
                        @RequestParam(required = false) String repository,
                        @RequestParam(required = false) String cve,
                        @RequestParam(defaultValue = "0") int page,
                        @RequestParam(defaultValue = "" + PageParams.DEFAULT_SIZE) int size,
                        Authentication who) {
        PageParams.check(page, size);
        return cases.list(new CaseQuery(Params.enumValue("state", state, CaseState.class), owner, team, breached,
                repository, cve, rights.visibility(who)), page, size);
    }

    @GetMapping("/{id}")
    CaseView get(@PathVariable String id, Authentication who) {
        return rights.readable(who, cases.find(id).orElseThrow(() -> new NotFoundException("Case", id)));
    }

    /** The owner's claim: fixed, optionally in which image digest or version. */
    record FixedClaim(String comment, String digest) {
    }

    /**
     * The owner (or the case's manager, or an administrator) says the case is fixed: it awaits verification
     * by the next rescan.
     */
    @PostMapping("/{id}/fixed")
    CaseView fixed(@PathVariable String id, @RequestBody(required = false) FixedClaim claim, Authentication who) {
        FixedClaim body = claim == null ? new FixedClaim(null, null) : claim;
        String comment = Texts.optional("comment", body.comment(), 2000);
        String digest = Texts.optional("digest", body.digest(), 256);
        CaseView c = cases.find(id).orElseThrow(() -> new NotFoundException("Case", id));
        rights.mayAct(who, c, "say it is fixed:");
        try {
            return cases.markFixed(id, who.getName(), comment, digest);
        } catch (IllegalStateException e) {
            throw new ConflictException(e.getMessage());
        }
    }

    /** Where the case goes: a person ({@code owner}), a team ({@code team}), or both; and why. */
    record Reassignment(String owner, String team, String reason) {
    }

    /**
     * Gives the case to another person or team, with a reason; the new owner is mailed and the ticket
     * follows. The case's owner, a manager or an administrator.
     */
    @PostMapping("/{id}/reassign")
    CaseView reassign(@PathVariable String id, @RequestBody Reassignment body, Authentication who) {
        String owner = Texts.optional("owner", body.owner(), 256);
        String team = Texts.optional("team", body.team(), 256);
        if (owner == null && team == null) {
            throw new BadRequestException("owner", "name the new owner, the team, or both");
        }
        String reason = Texts.required("reason", body.reason(), 2000, "say why, for the new owner and the auditors");
        CaseView c = cases.find(id).orElseThrow(() -> new NotFoundException("Case", id));
        rights.mayAct(who, c, "reassign");
        try {
            return cases.reassign(id, who.getName(), new CaseReassignments.Target(owner, team), reason);
        } catch (ReassignmentInvalidException e) {
            throw new BadRequestException(e.field(), e.getMessage());
        } catch (IllegalStateException e) {
            throw new ConflictException(e.getMessage());
        }
    }

    @GetMapping("/{id}/timeline")
    List<AuditEvent> timeline(@PathVariable String id, Authentication who) {
        get(id, who);
        return cases.timeline(id).orElseThrow(() -> new NotFoundException("Case", id));
    }
}
