package dev.fixline.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.audit.AuditEvent;
import dev.fixline.audit.AuditEventType;
import dev.fixline.audit.AuditLog;
import dev.fixline.finding.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
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

    private final AuditLog audit;
    private final CaseRepository cases;

    SlaHistory(AuditLog audit, CaseRepository cases) {
        this.audit = audit;
        this.cases = cases;
    }

    /**
     * @param asOf     the instant to stand at
     * @param team     only the cases of this team then; null: all
     * @param severity only the cases of this severity then; null: all
     * @param caseId   only this case; null: all
     * @param sight    whose cases (a manager's teams, and those they own or manage, as they stood); null: all
     */
    SlaStanding standing(Instant asOf, String team, Severity severity, String caseId, CaseQuery.Visibility sight) {
        List<Replayed> replayed = new ArrayList<>();
        Replayed[] current = {null};
        audit.replay(KINDS, asOf, e -> {
            if (caseId != null && !caseId.equals(e.caseId())) {
                return;
            }
            if (current[0] == null || !current[0].caseId.equals(e.caseId())) {
                current[0] = new Replayed(e.caseId());
                replayed.add(current[0]);
            }
            current[0].apply(e);
        });
        Instant windowStart = asOf.minus(Duration.ofDays(WINDOW_DAYS));
        // opened before the log began, or closed before the window: not part of the standing
        replayed.removeIf(c -> c.openedAt == null || c.closedAt != null && c.closedAt.isBefore(windowStart));
        fillFromTodaysRows(replayed.stream().filter(Replayed::lacksFacts).toList(), asOf);
        List<SlaStanding.CaseStanding> standings = new ArrayList<>();
        for (Replayed c : replayed) {
            if (team != null && !team.equals(c.team) || severity != null && severity != c.severity
                    || !inSight(c, sight)) {
                continue;
            }
            standings.add(c.standing(asOf));
        }
        standings.sort(Comparator.comparing(SlaStanding.CaseStanding::standing)
                .thenComparing(SlaStanding.CaseStanding::dueAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(SlaStanding.CaseStanding::caseId));
        return summary(asOf, team, severity, caseId, standings);
    }

    /**
     * Events written before their facts were kept as evidence (an older database) leave them to the cases' rows
     * as they are today: read a thousand at a time, not one query per case.
     */
    private void fillFromTodaysRows(List<Replayed> lacking, Instant asOf) {
        for (int from = 0; from < lacking.size(); from += 1000) {
            List<Replayed> chunk = lacking.subList(from, Math.min(lacking.size(), from + 1000));
            java.util.Map<String, CaseView> rows = new java.util.HashMap<>();
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

    /** One case, its events applied in order. */
    private static final class Replayed {
        final String caseId;
        Instant openedAt;
        Severity severity;
        String vulnerabilityId;
        String owner;
        String team;
        String manager;
        Instant dueAt;
        Instant pausedAt;
        Instant breachedAt;
        Instant closedAt;
        String resolution;
        boolean assignedFromEvidence;

        Replayed(String caseId) {
            this.caseId = caseId;
        }

        void apply(AuditEvent e) {
            JsonNode evidence = evidence(e);
            switch (AuditEventType.valueOf(e.type())) {
                case CASE_OPENED -> {
                    openedAt = e.occurredAt();
                    severity = severity(evidence.path("severity").asText(null));
                    vulnerabilityId = evidence.path("vulnerabilityId").asText(null);
                }
                case SEVERITY_CHANGED -> {
                    Severity to = severity(evidence.path("to").asText(null));
                    if (to != null && (severity == null || to.atLeast(severity))) {
                        severity = to; // a lower severity is recorded, the case keeps the higher one
                    }
                }
                case OWNER_ASSIGNED, OWNER_CHANGED -> {
                    if (evidence.has("owner")) {
                        owner = evidence.path("owner").asText();
                        team = evidence.path("team").asText(team);
                        manager = evidence.path("manager").asText(manager);
                        assignedFromEvidence = true;
                    }
                }
                case SLA_SET, SLA_CHANGED, SLA_RESUMED -> {
                    if (evidence.has("dueAt")) {
                        dueAt = Instant.parse(evidence.path("dueAt").asText());
                    }
                    if (e.type().equals(AuditEventType.SLA_RESUMED.name())) {
                        pausedAt = null;
                    }
                }
                case SLA_PAUSED -> pausedAt = e.occurredAt();
                case SLA_BREACHED -> breachedAt = breachedAt == null ? e.occurredAt() : breachedAt;
                case CASE_CLOSED -> {
                    closedAt = e.occurredAt();
                    resolution = resolutionOf(e.summary());
                }
                default -> { }
            }
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
