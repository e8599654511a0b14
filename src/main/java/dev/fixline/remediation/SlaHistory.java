package dev.fixline.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.audit.AuditEvent;
import dev.fixline.audit.AuditEventType;
import dev.fixline.audit.AuditLog;
import dev.fixline.finding.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The SLA as it stood at a past instant, replayed from the governance log: {@link SlaStanding}. Each case's
 * events up to that instant give its severity (the opening's, raised by later sweeps), team and owner, due
 * date (set, tightened, moved by an ended pause), pause, breach and closure. Events recorded before their
 * dates were kept as evidence (an older database) leave those parts to the case's row as it is today.
 */
@Service
class SlaHistory {

    static final int WINDOW_DAYS = 365;
    /** The kinds a standing depends on; the others (mails, tickets, comments) change no SLA figure. */
    static final Set<AuditEventType> KINDS = EnumSet.of(AuditEventType.CASE_OPENED, AuditEventType.SEVERITY_CHANGED,
            AuditEventType.OWNER_ASSIGNED, AuditEventType.OWNER_CHANGED, AuditEventType.SLA_SET,
            AuditEventType.SLA_CHANGED, AuditEventType.SLA_PAUSED, AuditEventType.SLA_RESUMED,
            AuditEventType.SLA_BREACHED, AuditEventType.CASE_CLOSED);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A day ended this long ago is settled: every event of it has committed, so its standing no longer changes. */
    static final Duration SETTLED_AFTER = Duration.ofHours(1);
    /**
     * How long a settled day's standing is kept once replayed. Bounded, because the facts an older database's
     * events lack come from today's rows (which move) and because another node's clock may be behind.
     */
    static final Duration KEPT_FOR = Duration.ofMinutes(10);

    private final AuditLog audit;
    private final CaseRepository cases;
    private final Clock clock;
    /** The last settled day replayed, for the next question about it (another team, the CSV, the page). */
    private volatile Kept kept;

    SlaHistory(AuditLog audit, CaseRepository cases, Clock clock) {
        this.audit = audit;
        this.cases = cases;
        this.clock = clock;
    }

    /**
     * @param asOf     the instant to stand at
     * @param team     only the cases of this team then; null: all
     * @param severity only the cases of this severity then; null: all
     * @param caseId   only this case; null: all
     * @param sight    whose cases (a manager's teams, and those they own or manage, as they stood); null: all
     */
    SlaStanding standing(Instant asOf, String team, Severity severity, String caseId, CaseQuery.Visibility sight) {
        List<SlaStanding.CaseStanding> standings = new ArrayList<>();
        for (Stood stood : stood(asOf, caseId)) {
            Replayed c = stood.replayed();
            if (team != null && !team.equals(c.team) || severity != null && severity != c.severity
                    || !inSight(c, sight)) {
                continue;
            }
            standings.add(stood.standing());
        }
        return summary(asOf, team, severity, caseId, standings);
    }

    /**
     * Every case as it stood, in the order a standing lists them. Replaying the log is most of a standing's cost
     * (docs/benchmarks.md), and a settled day's answer does not change: the last one asked is kept a while, so that
     * the next question about it (another team or severity, its CSV) is a filter, not another replay.
     */
    private List<Stood> stood(Instant asOf, String caseId) {
        Instant now = clock.instant();
        boolean settled = caseId == null && !asOf.isAfter(now.minus(SETTLED_AFTER));
        Kept last = kept;
        if (last != null && !now.isBefore(last.keptAt().plus(KEPT_FOR))) {
            kept = null; // its memory back, whatever is asked now
        } else if (settled && last != null && last.asOf().equals(asOf)) {
            return last.cases();
        }
        List<Stood> replayed = replay(asOf, caseId);
        if (settled) {
            kept = new Kept(asOf, now, replayed);
        }
        return replayed;
    }

    private List<Stood> replay(Instant asOf, String caseId) {
        Map<String, Replayed> byCase = new HashMap<>();
        audit.replay(KINDS, asOf, caseId, e -> byCase.computeIfAbsent(e.caseId(), Replayed::new).apply(e));
        List<Replayed> replayed = new ArrayList<>(byCase.values());
        replayed.forEach(Replayed::parseDue);
        Instant windowStart = asOf.minus(Duration.ofDays(WINDOW_DAYS));
        // opened before the log began, or closed before the window: not part of the standing
        replayed.removeIf(c -> c.openedAt == null || c.closedAt != null && c.closedAt.isBefore(windowStart));
        fillFromTodaysRows(replayed.stream().filter(Replayed::lacksFacts).toList(), asOf);
        List<Stood> stood = new ArrayList<>(replayed.size());
        replayed.forEach(c -> stood.add(new Stood(c, c.standing(asOf))));
        stood.sort(Stood.LISTED);
        return List.copyOf(stood);
    }

    /** A case as replayed (what a standing filters on) and where it stood. */
    private record Stood(Replayed replayed, SlaStanding.CaseStanding standing) {

        /** By standing, then due date (none last), then case id. */
        static final Comparator<Stood> LISTED = Comparator.comparing((Stood s) -> s.standing().standing())
                .thenComparing(s -> s.standing().dueAt(), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(s -> s.standing().caseId());
    }

    /** A settled day's cases as they stood, and when they were replayed. */
    private record Kept(Instant asOf, Instant keptAt, List<Stood> cases) {
    }

    /**
     * Events written before their facts were kept as evidence (an older database) leave them to the cases' rows
     * as they are today: read a thousand at a time, not one query per case.
     */
    private void fillFromTodaysRows(List<Replayed> lacking, Instant asOf) {
        for (int from = 0; from < lacking.size(); from += 1000) {
            List<Replayed> chunk = lacking.subList(from, Math.min(lacking.size(), from + 1000));
            Map<String, CaseView> rows = new HashMap<>();
            cases.byIds(chunk.stream().map(c -> c.caseId).toList(), asOf).forEach(row -> rows.put(row.id(), row));
            chunk.forEach(c -> c.fillFrom(rows.get(c.caseId)));
        }
    }

    private static boolean inSight(Replayed c, CaseQuery.Visibility sight) {
        return sight == null || sight.teams().contains(c.team) || Objects.equals(sight.person(), c.owner)
                || Objects.equals(sight.person(), c.manager);
    }

    private static SlaStanding summary(Instant asOf, String team, Severity severity, String caseId,
                                       List<SlaStanding.CaseStanding> standings) {
        long[] n = new long[SlaStanding.Standing.values().length];
        long breaches = 0;
        for (SlaStanding.CaseStanding s : standings) {
            n[s.standing().ordinal()]++;
            if (s.closedAt() == null && s.breachedAt() != null) {
                breaches++;
            }
        }
        long onTime = n[SlaStanding.Standing.FIXED_ON_TIME.ordinal()];
        long late = n[SlaStanding.Standing.FIXED_LATE.ordinal()];
        List<SlaReport.TimeToRemediate> ttr = new ArrayList<>();
        List<Severity> mostSevereFirst = new ArrayList<>(List.of(Severity.values()));
        java.util.Collections.reverse(mostSevereFirst);
        for (Severity s : mostSevereFirst) {
            List<Duration> took = standings.stream().filter(c -> c.severity() == s && "FIXED".equals(c.resolution()))
                    .map(c -> Duration.between(c.openedAt(), c.closedAt())).toList();
            ttr.add(new SlaReport.TimeToRemediate(s, took.size(), took.isEmpty() ? null
                    : oneDecimal(took.stream().mapToLong(Duration::toSeconds).average().orElse(0) / 86_400.0)));
        }
        long open = n[0] + n[1] + n[2];
        return new SlaStanding(asOf, team, severity, caseId, WINDOW_DAYS, open, n[0], n[1], n[2], breaches, onTime,
                late, n[SlaStanding.Standing.NOT_COUNTED.ordinal()],
                onTime + late == 0 ? null : oneDecimal(100.0 * onTime / (onTime + late)), ttr, List.copyOf(standings));
    }

    private static Double oneDecimal(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /**
     * One case, its events applied in whatever order the log hands them over: each fact is the one of the latest
     * event (by id) that gave it, as if applied oldest first, except the first breach and the highest severity.
     * A case has one opening (its id is new when it opens), so the opening's facts need no such guard.
     */
    private static final class Replayed {
        final String caseId;
        Instant openedAt;
        Severity severity;
        String vulnerabilityId;
        String owner;
        String team;
        String manager;
        Instant dueAt;
        String dueText;
        Instant pausedAt;
        Instant breachedAt;
        Instant closedAt;
        String resolution;
        boolean assignedFromEvidence;
        /** The id of the event each fact came from (0: none yet). */
        long ownerFrom;
        long teamFrom;
        long managerFrom;
        long dueFrom;
        long pauseFrom;
        long breachFrom = Long.MAX_VALUE;
        long closedFrom;

        Replayed(String caseId) {
            this.caseId = caseId;
        }

        void apply(AuditEvent e) {
            long id = e.id();
            switch (AuditEventType.valueOf(e.type())) {
                case CASE_OPENED -> {
                    JsonNode evidence = evidence(e);
                    openedAt = e.occurredAt();
                    raise(severity(evidence.path("severity").asText(null)));
                    vulnerabilityId = evidence.path("vulnerabilityId").asText(null);
                }
                // a lower severity is recorded, the case keeps the higher one
                case SEVERITY_CHANGED -> raise(severity(evidence(e).path("to").asText(null)));
                case OWNER_ASSIGNED, OWNER_CHANGED -> {
                    JsonNode evidence = evidence(e);
                    if (evidence.has("owner")) {
                        assignedFromEvidence = true;
                        if (id > ownerFrom) {
                            owner = evidence.path("owner").asText();
                            ownerFrom = id;
                        }
                        if (evidence.has("team") && id > teamFrom) {
                            team = evidence.path("team").asText();
                            teamFrom = id;
                        }
                        if (evidence.has("manager") && id > managerFrom) {
                            manager = evidence.path("manager").asText();
                            managerFrom = id;
                        }
                    }
                }
                case SLA_SET, SLA_CHANGED -> dueFrom(e);
                case SLA_RESUMED -> {
                    dueFrom(e);
                    pause(id, null);
                }
                case SLA_PAUSED -> pause(id, e.occurredAt());
                case SLA_BREACHED -> {
                    if (id < breachFrom) {
                        breachedAt = e.occurredAt();
                        breachFrom = id;
                    }
                }
                case CASE_CLOSED -> {
                    if (id > closedFrom) {
                        closedAt = e.occurredAt();
                        resolution = resolutionOf(e.summary());
                        closedFrom = id;
                    }
                }
                default -> { }
            }
        }

        private void raise(Severity to) {
            if (to != null && (severity == null || to.atLeast(severity))) {
                severity = to;
            }
        }

        private void dueFrom(AuditEvent e) {
            if (e.id() > dueFrom) {
                JsonNode evidence = evidence(e);
                if (evidence.has("dueAt")) {
                    dueText = evidence.path("dueAt").asText(); // parsed once, for the latest (parsing is slow)
                    dueFrom = e.id();
                }
            }
        }

        /** A pause begun ({@code at}) or ended (null), when it is the latest of the two. */
        private void pause(long id, Instant at) {
            if (id > pauseFrom) {
                pausedAt = at;
                pauseFrom = id;
            }
        }

        /** Once every event is applied: the due date the latest of them gave. */
        void parseDue() {
            dueAt = dueText == null ? null : Instant.parse(dueText);
        }

        /** Whether an event written before its facts were kept as evidence left some of them unknown. */
        boolean lacksFacts() {
            return severity == null || !assignedFromEvidence;
        }

        /** The facts the events did not give, from the case's row as it is today (null: no such row). */
        void fillFrom(CaseView row) {
            if (row == null) {
                return;
            }
            severity = severity != null ? severity : row.severity();
            vulnerabilityId = vulnerabilityId != null ? vulnerabilityId : row.vulnerabilityId();
            if (!assignedFromEvidence) {
                owner = row.owner();
                team = row.team();
                manager = row.manager();
            }
            dueAt = dueAt != null ? dueAt : row.dueAt();
        }

        SlaStanding.CaseStanding standing(Instant asOf) {
            SlaStanding.Standing standing;
            if (closedAt != null) {
                boolean onTime = dueAt == null || !closedAt.isAfter(dueAt) || pausedAt != null && !pausedAt.isAfter(dueAt);
                standing = !"FIXED".equals(resolution) ? SlaStanding.Standing.NOT_COUNTED
                        : onTime ? SlaStanding.Standing.FIXED_ON_TIME : SlaStanding.Standing.FIXED_LATE;
            } else if (pausedAt != null) {
                standing = SlaStanding.Standing.OPEN_PAUSED;
            } else if (dueAt != null && dueAt.isBefore(asOf)) {
                standing = SlaStanding.Standing.OPEN_OVERDUE;
            } else {
                standing = SlaStanding.Standing.OPEN_WITHIN_SLA;
            }
            return new SlaStanding.CaseStanding(caseId, severity, vulnerabilityId, owner, team, openedAt, dueAt,
                    closedAt == null ? pausedAt : null, breachedAt, closedAt, resolution, standing,
                    standing.withinSla());
        }

        private static Severity severity(String name) {
            return name == null ? null : Severity.valueOf(name.toUpperCase(Locale.ROOT));
        }

        /** The closures' summaries (user guide, Auditors): fixed by a rescan, gone, or a confirmed false positive. */
        static String resolutionOf(String summary) {
            if (summary.startsWith("Closed as a false positive")) {
                return "FALSE_POSITIVE";
            }
            if (summary.startsWith("Closed as gone") || summary.startsWith("Closed as GONE")) {
                return "GONE";
            }
            return "FIXED";
        }

        private static JsonNode evidence(AuditEvent e) {
            if (e.evidence() == null) {
                return JSON.missingNode();
            }
            try {
                return JSON.readTree(e.evidence());
            } catch (JsonProcessingException notJson) {
                return JSON.missingNode();
            }
        }
    }
}
