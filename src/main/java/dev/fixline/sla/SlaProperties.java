package dev.fixline.sla;

import dev.fixline.finding.Severity;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SLA configuration ({@code fixline.sla}). Everything is checked here, so a bad value stops startup
 * instead of failing a case later.
 *
 * @param days remediation days per severity. After construction this is the <em>effective</em> map:
 *        the preset's days with the configured entries on top, always all four severities
 * @param reminderBeforeDue how long before the due date the owner is reminded (at most halfway)
 * @param preset the name of a {@link SlaPreset}; {@code default} unless configured
 * @param teams per-team day overrides and calendar, keyed by team name (lower-cased here, so matching
 *        ignores case)
 * @param calendars business-day calendars by name (lower-cased); a team or region refers to one by name
 * @param noFix what to do with findings whose fix status is {@code NoFixAvailable}
 * @param kev where the CISA KEV catalog comes from
 */
@ConfigurationProperties("fixline.sla")
public record SlaProperties(
        Map<Severity, Integer> days,
        @DefaultValue("P7D") Duration reminderBeforeDue,
        @DefaultValue("default") String preset,
        Map<String, TeamSla> teams,
        Map<String, CalendarProperties> calendars,
        @DefaultValue NoFixPolicy noFix,
        @DefaultValue KevProperties kev) {

    @ConstructorBinding
    public SlaProperties {
        SlaPreset named = SlaPreset.named(preset);
        preset = named.id();
        Map<Severity, Integer> effective = new EnumMap<>(named.days());
        effective.putAll(checkedDays(days, "fixline.sla.days"));
        days = Map.copyOf(effective);
        if (reminderBeforeDue == null) {
            reminderBeforeDue = Duration.ofDays(7);
        } else if (reminderBeforeDue.isNegative()) {
            throw new IllegalArgumentException("fixline.sla.reminder-before-due must not be negative: "
                    + reminderBeforeDue);
        }
        calendars = lowerCaseKeys(calendars);
        teams = lowerCaseKeys(teams);
        for (Map.Entry<String, TeamSla> team : teams.entrySet()) {
            String calendar = team.getValue().calendar();
            if (calendar != null && !calendars.containsKey(calendar)) {
                throw new IllegalArgumentException("fixline.sla.teams." + team.getKey() + ".calendar: no calendar '"
                        + calendar + "' under fixline.sla.calendars (known: " + calendars.keySet() + ")");
            }
        }
        noFix = noFix == null ? NoFixPolicy.DEFAULT : noFix;
        kev = kev == null ? KevProperties.NONE : kev;
    }

    /** For callers that only know days and the reminder: preset {@code default}, nothing else configured. */
    public SlaProperties(Map<Severity, Integer> days, Duration reminderBeforeDue) {
        this(days, reminderBeforeDue, null, null, null, null, null);
    }

    /** The configured preset. */
    public SlaPreset slaPreset() {
        return SlaPreset.named(preset);
    }

    /** The overrides of a team, if it has any. Team names match regardless of case. */
    TeamSla team(String name) {
        return name == null ? null : teams.get(name.trim().toLowerCase(Locale.ROOT));
    }

    /** A copy of the map with every day count checked to be positive; empty for null. */
    static Map<Severity, Integer> checkedDays(Map<Severity, Integer> days, String property) {
        if (days == null || days.isEmpty()) {
            return Map.of();
        }
        days.forEach((severity, n) -> {
            if (severity == null || n == null || n < 1) {
                throw new IllegalArgumentException(property + "." + severity + " must be a whole number of days, at"
                        + " least 1: " + n);
            }
        });
        return Map.copyOf(days);
    }

    private static <V> Map<String, V> lowerCaseKeys(Map<String, V> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map<String, V> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            String lower = key.trim().toLowerCase(Locale.ROOT);
            if (copy.put(lower, value) != null) {
                throw new IllegalArgumentException("Two entries named '" + lower + "' (names ignore case)");
            }
        });
        return Map.copyOf(copy);
    }
}
