package dev.fixline.remediation;

import dev.fixline.ownership.OwnershipRule;
import dev.fixline.ownership.OwnershipRules;
import dev.fixline.ownership.RulesStatus;
import dev.fixline.remediation.ManagerOverview.Breach;
import dev.fixline.remediation.ManagerOverview.ExceptionRequest;
import dev.fixline.remediation.ManagerOverview.FalsePositiveClaim;
import dev.fixline.remediation.ManagerOverview.SlaCounts;
import dev.fixline.remediation.ManagerOverview.TeamLoad;
import dev.fixline.remediation.ManagerOverview.UnownedCase;
import dev.fixline.remediation.ManagerOverview.UnownedCases;
import dev.fixline.ticketing.TicketLink;
import dev.fixline.ticketing.Tickets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The read model of the manager's SLA dashboard, for one person's sight: a manager sees the figures of the
 * teams they manage (and of cases they are named manager or owner of), auditors and administrators those
 * of every team. Every figure, list and count is taken over the same cases, so that the tiles and the
 * lists agree, and every case listed opens for the person.
 */
@Service
class ManagerDashboard {

    static final Duration DUE_SOON = Duration.ofDays(7);
    /** Enough rows for a page a person reads; the counts tell how many more there are. */
    static final int ROW_LIMIT = 200;
    /** The unowned block's two names in rules files: {@code unowned}, and {@code fallback} in older files. */
    private static final List<String> UNOWNED_BLOCK_NAMES = List.of("unowned", "fallback");

    private final CaseRepository cases;
    private final TaskService tasks;
    private final CaseExceptionRecords exceptions;
    private final OwnershipRules ownership;
    private final Tickets tickets;
    private final Clock clock;

    ManagerDashboard(CaseRepository cases, TaskService tasks, CaseExceptionRecords exceptions,
                     OwnershipRules ownership, Tickets tickets, Clock clock) {
        this.cases = cases;
        this.tasks = tasks;
        this.exceptions = exceptions;
        this.ownership = ownership;
        this.tickets = tickets;
        this.clock = clock;
    }

    /** @param v whose sight; null: every case */
    @Transactional(readOnly = true)
    ManagerOverview overview(CaseQuery.Visibility v) {
        Instant now = clock.instant();
        RulesStatus rules = ownership.status();
        Set<String> unownedRules = unownedRuleNames(rules);
        CaseRepository.OpenCaseCounts c = cases.openCaseCounts(now, now.plus(DUE_SOON), unownedRules, v);
        SlaCounts counts = new SlaCounts(c.open(), c.overdue(), c.breached(), c.dueSoon(), c.awaitingVerification(),
                c.ofRules());
        WaitingDecisions waiting = waitingDecisions(RemediationProcess.Activity.DECIDE_EXCEPTION, v);
        WaitingDecisions claims = waitingDecisions(RemediationProcess.Activity.DECIDE_FALSE_POSITIVE, v);
        return new ManagerOverview(now, counts, teams(now, v), breaches(now, v), unowned(rules, unownedRules, now, v),
                exceptionRequests(waiting.listed(), now), waiting.count(), falsePositiveClaims(claims.listed(), now),
                claims.count(), ROW_LIMIT);
    }

    /**
     * The rule names that mark a case as unowned: the block's name in the file in force, and its other
     * name too (cases assigned before the file was renamed keep the old one), unless a rule is called that.
     */
    private static Set<String> unownedRuleNames(RulesStatus rules) {
        Set<String> names = new LinkedHashSet<>();
        names.add(rules.unowned().name());
        List<String> ruleNames = rules.rules().stream().map(OwnershipRule::name).toList();
        UNOWNED_BLOCK_NAMES.stream().filter(n -> !ruleNames.contains(n)).forEach(names::add);
        return names;
    }

    private List<TeamLoad> teams(Instant now, CaseQuery.Visibility v) {
        return cases.openCasesPerTeam(now, v).stream()
                .map(t -> new TeamLoad(t.team(), t.open() - t.overdue(), t.overdue()))
                .sorted(Comparator.comparing(TeamLoad::team, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    private List<Breach> breaches(Instant now, CaseQuery.Visibility v) {
        return cases.overdueCases(now, ROW_LIMIT, v).stream().map(c -> new Breach(c.id(), c.severity(),
                c.vulnerabilityId(), c.registryHost(), c.repository(), c.owner(), c.team(), c.dueAt(),
                Duration.between(c.dueAt(), now).toDays(), ticketKey(c.id()))).toList();
    }

    private String ticketKey(String caseId) {
        return tickets.linkOf(caseId).filter(TicketLink::linked).map(TicketLink::key).orElse(null);
    }

    private UnownedCases unowned(RulesStatus rules, Set<String> unownedRules, Instant now, CaseQuery.Visibility v) {
        List<UnownedCase> open = cases.openCasesOfRules(unownedRules, now, ROW_LIMIT, v).stream()
                .map(c -> new UnownedCase(c.id(), c.severity(), c.vulnerabilityId(), c.registryHost(), c.repository(),
                        c.owner(), c.dueAt())).toList();
        return new UnownedCases(rules.unowned().owner(), rules.unowned().team(), rules.unowned().manager(), open);
    }

    private TaskQuery waitingDecisions(RemediationProcess.Activity decision) {
        return tasks.createTaskQuery().processDefinitionKey(RemediationProcess.KEY)
                .taskDefinitionKey(decision.id()).active();
    }

    /** The oldest requests waiting for a decision, at most {@link #ROW_LIMIT}, and how many wait in all. */
    private record WaitingDecisions(List<Task> listed, long count) {
    }

    /**
     * Everyone's requests are counted and paged by the engine. A person's are picked from all that wait,
     * whose cases are then looked up in queries of 500: requests wait for a person's decision, so there are
     * far fewer of them than cases.
     */
    private WaitingDecisions waitingDecisions(RemediationProcess.Activity decision, CaseQuery.Visibility v) {
        if (v == null) {
            return new WaitingDecisions(waitingDecisions(decision).orderByTaskCreateTime().asc()
                    .listPage(0, ROW_LIMIT), waitingDecisions(decision).count());
        }
        List<Task> all = waitingDecisions(decision).orderByTaskCreateTime().asc().list();
        Set<String> visible = cases.visibleProcessInstances(all.stream().map(Task::getProcessInstanceId)
                .distinct().toList(), v);
        List<Task> mine = all.stream().filter(t -> visible.contains(t.getProcessInstanceId())).toList();
        return new WaitingDecisions(mine.subList(0, Math.min(ROW_LIMIT, mine.size())), mine.size());
    }

    /** The listed requests with their cases; the requests of all listed cases in one query. */
    private List<ExceptionRequest> exceptionRequests(List<Task> open, Instant now) {
        if (open.isEmpty()) {
            return List.of();
        }
        Map<String, CaseView> byInstance = cases.byProcessInstances(
                open.stream().map(Task::getProcessInstanceId).distinct().toList(), now);
        Map<String, CaseException> requests = exceptions.live(byInstance.values().stream().map(CaseView::id).toList());
        return open.stream().filter(t -> byInstance.containsKey(t.getProcessInstanceId())).map(t -> {
            CaseView c = byInstance.get(t.getProcessInstanceId());
            CaseException e = requests.get(c.id());
            return new ExceptionRequest(c.id(), c.severity(), c.vulnerabilityId(), c.registryHost(), c.repository(),
                    c.owner(), e == null ? null : e.requestedBy(),
                    e == null ? t.getCreateTime().toInstant() : e.requestedAt(), e == null ? null : e.reason(),
                    e == null ? null : e.compensatingControl(), e == null ? null : e.expiresAt(),
                    e == null ? t.getAssignee() : String.join(", ", e.approvers()));
        }).toList();
    }

    /** The listed false-positive claims with their cases, and who claimed, why, and who decides. */
    private List<FalsePositiveClaim> falsePositiveClaims(List<Task> open, Instant now) {
        if (open.isEmpty()) {
            return List.of();
        }
        Map<String, CaseView> byInstance = cases.byProcessInstances(
                open.stream().map(Task::getProcessInstanceId).distinct().toList(), now);
        return open.stream().filter(t -> byInstance.containsKey(t.getProcessInstanceId())).map(t -> {
            CaseView c = byInstance.get(t.getProcessInstanceId());
            Map<String, Object> claim = tasks.getVariables(t.getId(), List.of(CaseFalsePositives.CLAIMED_BY,
                    CaseFalsePositives.CLAIM_REASON, CaseFalsePositives.APPROVERS));
            String approvers = (String) claim.get(CaseFalsePositives.APPROVERS);
            return new FalsePositiveClaim(c.id(), c.severity(), c.vulnerabilityId(), c.registryHost(), c.repository(),
                    c.owner(), (String) claim.get(CaseFalsePositives.CLAIMED_BY), t.getCreateTime().toInstant(),
                    (String) claim.get(CaseFalsePositives.CLAIM_REASON),
                    approvers == null || approvers.isBlank() ? List.of() : List.of(approvers.split(",")));
        }).toList();
    }
}
