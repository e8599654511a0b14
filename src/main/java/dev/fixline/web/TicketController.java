package dev.fixline.web;

import dev.fixline.remediation.RemediationCases;
import dev.fixline.ticketing.BuiltInTicketLog;
import dev.fixline.ticketing.TicketLink;
import dev.fixline.ticketing.TicketReconciler;
import dev.fixline.ticketing.Tickets;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A case's ticket, and reconciliation on demand. */
@RestController
class TicketController {

    private final Tickets tickets;
    private final BuiltInTicketLog builtIn;
    private final RemediationCases cases;
    private final TicketReconciler reconciler;
    private final CaseRights rights;

    TicketController(Tickets tickets, BuiltInTicketLog builtIn, RemediationCases cases,
                     TicketReconciler reconciler, CaseRights rights) {
        this.rights = rights;
        this.tickets = tickets;
        this.builtIn = builtIn;
        this.cases = cases;
        this.reconciler = reconciler;
    }

    /** The case's ticket as Fixline last saw it; with the built-in log, the ticket and its comments too. */
    record CaseTicket(TicketLink link, BuiltInTicketLog.LoggedTicket ticket) {
    }

    @GetMapping("/api/cases/{id}/ticket")
    CaseTicket ticket(@PathVariable String id, org.springframework.security.core.Authentication who) {
        rights.readable(who, cases.find(id).orElseThrow(() -> new NotFoundException("Case", id)));
        TicketLink link = tickets.linkOf(id).orElseThrow(() -> new NotFoundException("Ticket of case", id));
        BuiltInTicketLog.LoggedTicket logged = tickets.builtIn() && link.key() != null
                ? builtIn.ticket(link.key()).orElse(null) : null;
        return new CaseTicket(link, logged);
    }

    /** Runs a reconciliation now (administrators; it runs by itself every interval). */
    @PostMapping("/api/tickets/reconciliation")
    Map<String, Object> reconcile() {
        if (tickets.builtIn()) {
            throw new ConflictException("Tickets are kept in the built-in log; there is no tracker to reconcile with");
        }
        return Map.of("tracker", tickets.trackerName(), "differencesApplied", reconciler.reconcile());
    }
}
