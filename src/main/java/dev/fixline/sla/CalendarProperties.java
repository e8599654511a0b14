package dev.fixline.sla;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A business-day calendar ({@code fixline.sla.calendars.<name>}), for a team or for a region that several
 * teams share.
 *
 * @param zone the time zone in which days begin and end, e.g. {@code Europe/Berlin}; UTC by default
 * @param workingDays the days of the week that count; Monday to Friday by default
 * @param holidays dates that never count, e.g. {@code 2026-12-25}
 */
public record CalendarProperties(
        @DefaultValue("UTC") ZoneId zone,
        @DefaultValue({"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"}) Set<DayOfWeek> workingDays,
        List<LocalDate> holidays) {

    public CalendarProperties {
        zone = zone == null ? ZoneOffset.UTC : zone;
        if (workingDays == null) {
            workingDays = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
        } else if (workingDays.isEmpty()) {
            // Counting working days on a calendar without any would never end.
            throw new IllegalArgumentException("A calendar needs at least one working day (working-days)");
        }
        workingDays = Set.copyOf(workingDays);
        holidays = holidays == null ? List.of() : List.copyOf(holidays);
    }
}
