package dev.fixline.sla;

import dev.fixline.finding.Severity;
import java.util.Locale;
import java.util.Map;

/**
 * One team's SLA settings ({@code fixline.sla.teams.<team>}).
 *
 * @param days days per severity that replace the configured ones for this team's cases; severities not
 *        listed keep theirs
 * @param calendar the name of a calendar under {@code fixline.sla.calendars}: with one, every day count of
 *        this team's cases is in working days. None (null) counts calendar days.
 */
public record TeamSla(Map<Severity, Integer> days, String calendar) {

    public TeamSla {
        days = SlaProperties.checkedDays(days, "fixline.sla.teams.<team>.days");
        calendar = calendar == null || calendar.isBlank() ? null : calendar.trim().toLowerCase(Locale.ROOT);
    }
}
