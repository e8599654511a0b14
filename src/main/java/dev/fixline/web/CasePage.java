package dev.fixline.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.audit.AuditEvent;
import dev.fixline.finding.Finding;
import dev.fixline.finding.FindingStore;
import dev.fixline.remediation.AwaitedDecision;
import dev.fixline.remediation.CaseException;
import dev.fixline.remediation.CaseProgress;
import dev.fixline.remediation.CaseState;
import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.RemediationCases;
import dev.fixline.sla.KevCatalog;
import dev.fixline.ticketing.Tickets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * Everything the case page shows, for one person: the finding, the SLA, the timeline with its evidence,
 * the ticket, where the process stands, and the forms this person may use in the case's present state.
 * {@link CasePageController} shows it; {@link CaseForms} shows it again beside a form the server refused.
 */
@Component
class CasePage {

    /** One event of the timeline, its evidence laid out for reading. */
    record Entry(AuditEvent event, String evidence) {
    }

    /**
     * Which forms to show. An action the person may take in the case's present state; decisions only to those
     * they wait for, never to the one who asked.
     */
    record Forms(boolean fixed, boolean exceptionRequest, boolean extension, boolean falsePositive,
                 boolean reassign, boolean revoke, boolean decideException, boolean decideFalsePositive) {

        public boolean any() {
            return fixed || exceptionRequest || falsePositive || reassign || revoke || decideException
                    || decideFalsePositive;
        }
    }

    private final RemediationCases cases;
    private final CaseRights rights;
    private final FindingStore findings;
    private final KevCatalog kev;
    private final Tickets tickets;
    private final ObjectMapper json;
    private final Clock clock;

    CasePage(RemediationCases cases, CaseRights rights, FindingStore findings, KevCatalog kev, Tickets tickets,
             ObjectMapper json, Clock clock) {
        this.cases = cases;
        this.rights = rights;
        this.findings = findings;
        this.kev = kev;
        this.tickets = tickets;
        this.json = json;
        this.clock = clock;
    }

    /** The case as this person may read it; 404 otherwise. */
    CaseView readable(String id, Authentication who) {
        return rights.readable(who, cases.find(id).orElseThrow(() -> new NotFoundException("Case", id)));
    }

    String show(CaseView c, Authentication who, Model model) {
        model.addAttribute("c", c);
        model.addAttribute("row", CaseRow.of(c, clock.instant()));
        List<Finding> found = c.findingIds().stream().map(findings::finding).flatMap(Optional::stream).toList();
        model.addAttribute("findings", found);
        model.addAttribute("kev", kev.entry(c.vulnerabilityId()).orElse(null));
        model.addAttribute("ticket", tickets.linkOf(c.id()).orElse(null));
        model.addAttribute("timeline", cases.timeline(c.id()).orElse(List.of()).stream()
                .map(e -> new Entry(e, readable(e.evidence()))).toList());
        List<CaseException> asked = cases.exceptions(c.id()).orElse(List.of());
        model.addAttribute("exceptions", asked);
        // The request waiting for a decision: while an extension waits, the case's exception is the running one.
        model.addAttribute("request", asked.stream().filter(e -> e.state() == CaseException.State.REQUESTED)
                .reduce((first, second) -> second).orElse(null));
        CaseProgress progress = cases.progress(c).orElse(null);
        model.addAttribute("progress", progress);
        model.addAttribute("progressJson", progress == null ? null : write(progress));
        Set<AwaitedDecision> pending = cases.decisionsPending(c);
        model.addAttribute("pending", pending);
        // Administrators may take any decision; others those that wait for them.
        Set<AwaitedDecision> mine = Roles.isAdmin(who) ? pending : cases.decisionsAwaitedFrom(c, who.getName());
        model.addAttribute("forms", forms(c, who, pending, mine));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", Map.of());
        }
        return "case";
    }

    /**
     * While a decision waits, the owner's work waits with it: no fixed, exception or false-positive form, and no
     * second request (the process would refuse each). Reassigning and revoking stay open.
     */
    private Forms forms(CaseView c, Authentication who, Set<AwaitedDecision> pending, Set<AwaitedDecision> mine) {
        boolean acts = rights.mayActOn(who, c);
        boolean waiting = !pending.isEmpty();
        boolean open = c.state() == CaseState.OPEN;
        boolean running = c.state() == CaseState.EXCEPTION;
        boolean started = c.state() != CaseState.CLOSED && c.state() != CaseState.PENDING;
        boolean decidingException = mine.contains(AwaitedDecision.EXCEPTION) || mine.contains(AwaitedDecision.EXTENSION);
        return new Forms(acts && open && !waiting, acts && open && !waiting, acts && running && !waiting,
                acts && open && !waiting, acts && started, acts && running, decidingException,
                mine.contains(AwaitedDecision.FALSE_POSITIVE));
    }

    /** Evidence is JSON: indented, so a person can read it; whatever it holds, the template escapes it. */
    private String readable(String evidence) {
        if (evidence == null || evidence.isBlank()) {
            return null;
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(evidence));
        } catch (JsonProcessingException e) {
            return evidence;
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ids are always JSON", e);
        }
    }
}
