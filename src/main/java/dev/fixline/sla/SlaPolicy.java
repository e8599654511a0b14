package dev.fixline.sla;

import dev.fixline.finding.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Turns a finding into its reminder and due instants.
 *
 * <ol>
 *   <li><b>Days.</b> The first of: the ownership rule's days for the severity, the team's
 *       ({@code fixline.sla.teams}), the configured {@code fixline.sla.days}, the preset's.</li>
 *   <li><b>No fix.</b> A finding whose fix status is {@code NoFixAvailable} gets
 *       {@code fixline.sla.no-fix.days} instead, or the severity's days if they are longer, from first
 *       detection. In mode {@code CLOCK_FROM_FIX} this is a provisional date: the due date of a case has to
 *       exist (the process's timers and the user task need one, and a missing or far-future date would
 *       hide the finding from "due soon" and breach views), so it is the separate SLA until a fix appears.
 *       Then the caller computes again with the fix status and {@code fixAppearedAt}, and the severity's
 *       days count from the fix. The finding stays visible throughout.</li>
 *   <li><b>Clock.</b> It starts at the scanner's first detection, never at the import; in mode
 *       {@code CLOCK_FROM_FIX}, at the moment a fix appeared, but never before the first detection.</li>
 *   <li><b>Counting.</b> Without a calendar, N days are N × 24 hours. With the team's calendar, N working
 *       days (see {@link BusinessCalendar} for the exact rule).</li>
 *   <li><b>KEV.</b> If the vulnerability is in the KEV catalog, the due date is the earlier of the policy's
 *       and the end of the catalog's due date (UTC). A catalog date earlier than first detection +
 *       {@code fixline.sla.kev.minimum-window} (14 days by default, CISA's window for new listings) counts
 *       as that instant instead, so a finding detected after (or just before) CISA's date is not born
 *       breached. With a minimum window of zero, a date already past makes the case due at once.</li>
 *   <li><b>Reminder.</b> {@code due − min(reminder-before-due, half the window from the clock start)}; with a
 *       window of zero or less, or a {@code reminder-before-due} of zero, there is none: a reminder is
 *       always before the due date.</li>
 * </ol>
 */
@Service
public class SlaPolicy {

    private final SlaProperties properties;
    private final KevCatalog kev;
    private final Map<String, BusinessCalendar> calendars;

    SlaPolicy(SlaProperties properties) {
        this(properties, KevCatalog.empty());
    }

    @Autowired
    public SlaPolicy(SlaProperties properties, KevCatalog kev) {
        this.properties = properties;
        this.kev = kev;
        Map<String, BusinessCalendar> byName = new LinkedHashMap<>();
        properties.calendars().forEach((name, calendar) -> byName.put(name, new BusinessCalendar(name, calendar)));
        this.calendars = Map.copyOf(byName);
    }

    /** The clock starts at the scanner's first detection, never at the import. */
    public SlaDates compute(Severity severity, Instant firstDetectedAt) {
        return compute(SlaRequest.of(severity, firstDetectedAt));
    }

    /**
     * The dates of one finding under the whole policy: days by precedence, the no-fix policy, the team's
     * calendar and the KEV catalog. {@link SlaDates#basis()} says which of them decided.
     */
    public SlaDates compute(SlaRequest request) {
        TeamSla team = properties.team(request.team());
        Days days = days(request, team);
        Instant clockStart = request.firstDetectedAt();
        String from = "first detection";
        NoFixPolicy noFix = properties.noFix();
        if (request.noFixAvailable()) {
            String then = noFix.mode() == NoFixPolicy.Mode.CLOCK_FROM_FIX
                    ? " until a fix appears, then " + days.count() + " by " + days.source() + " from the fix" : "";
            days = noFix.days() >= days.count()
                    ? new Days(noFix.days(), "no fix available: fixline.sla.no-fix.days" + then)
                    // The separate SLA is meant to be the longer one; never let it shorten the severity's.
                    : new Days(days.count(), days.source() + ", longer than fixline.sla.no-fix.days" + then);
        } else if (noFix.mode() == NoFixPolicy.Mode.CLOCK_FROM_FIX && request.fixAppearedAt() != null
                && request.fixAppearedAt().isAfter(clockStart)) {
            clockStart = request.fixAppearedAt();
            from = "the fix appearing";
        }

        BusinessCalendar calendar = team == null || team.calendar() == null ? null : calendars.get(team.calendar());
        Instant due;
        String basis;
        if (calendar == null) {
            due = clockStart.plus(Duration.ofDays(days.count()));
            basis = request.severity().label() + ": " + days.count() + plural(" day", days.count()) + " ("
                    + days.source() + ") from " + from + " " + clockStart;
        } else {
            due = calendar.addWorkingDays(clockStart, days.count());
            basis = request.severity().label() + ": " + days.count() + plural(" working day", days.count())
                    + " on calendar " + calendar.name() + " (" + calendar.zone() + ") (" + days.source() + ") from "
                    + from + " " + clockStart;
        }

        Optional<KevEntry> listed = kev.entry(request.vulnerabilityId());
        if (listed.isPresent()) {
            Instant kevDue = listed.get().dueAt();
            String kevBasis = "KEV due " + listed.get().dueDate();
            Duration minimum = properties.kev().minimumWindow();
            Instant floor = request.firstDetectedAt().plus(minimum);
            if (!minimum.isZero() && kevDue.isBefore(floor)) {
                // Found after (or just before) CISA's date: a window from detection, not a case born breached.
                kevDue = floor;
                kevBasis += ", less than " + readable(minimum) + " after first detection: first detection + "
                        + readable(minimum) + " (fixline.sla.kev.minimum-window) = " + floor;
            }
            if (kevDue.isBefore(due)) {
                due = kevDue;
                basis += "; " + kevBasis + " is earlier";
            } else {
                basis += "; " + kevBasis + " is later";
            }
        }
        return new SlaDates(clockStart, remindAt(clockStart, due), due, days.count(), basis, listed.isPresent());
    }

    private Days days(SlaRequest request, TeamSla team) {
        Severity severity = request.severity();
        Integer rule = request.ruleDays().get(severity);
        if (rule != null) {
            return new Days(rule, "ownership rule");
        }
        if (team != null && team.days().containsKey(severity)) {
            return new Days(team.days().get(severity), "team " + request.team().trim());
        }
        int configured = properties.days().get(severity);
        SlaPreset preset = properties.slaPreset();
        // The effective map holds preset and configured days merged; equal values read the same either way.
        return new Days(configured, configured == preset.days().get(severity)
                ? "preset " + preset.id() : "fixline.sla.days");
    }

    /** {@code 14 days} for whole days, else the ISO duration ({@code PT36H}). */
    private static String readable(Duration duration) {
        return duration.toSeconds() % 86_400 == 0 ? duration.toDays() + plural(" day", (int) duration.toDays())
                : duration.toString();
    }

    private static String plural(String word, int count) {
        return count == 1 ? word : word + "s";
    }

    /** Null when there is no time for a reminder before the due date: a reminder is never at or after it. */
    private Instant remindAt(Instant clockStart, Instant due) {
        Duration window = Duration.between(clockStart, due);
        if (window.isNegative() || window.isZero()) {
            return null;
        }
        Duration lead = properties.reminderBeforeDue();
        if (lead.compareTo(window.dividedBy(2)) > 0) {
            lead = window.dividedBy(2);
        }
        return lead.isZero() ? null : due.minus(lead);
    }

    /** A day count and where it came from, for the basis text. */
    private record Days(int count, String source) {
    }
}
