package dev.fixline.sla;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * Counts working days on one calendar.
 *
 * <p>The rule: N working days after a detection end on the N-th working day <em>after</em> the detection's
 * local date (the detection day itself never counts, even if it is a working day), at the detection's local
 * time of day. Everything is in the calendar's zone, so the result keeps its wall-clock time across a
 * daylight-saving change: the elapsed time is then an hour shorter or longer than whole days. If that time
 * does not exist on the due day (the spring-forward gap), it moves on by the length of the gap, e.g. 02:30
 * becomes 03:30; if it exists twice (the autumn overlap), the earlier of the two counts.
 */
final class BusinessCalendar {

    private final String name;
    private final ZoneId zone;
    private final Set<DayOfWeek> workingDays;
    private final Set<LocalDate> holidays;

    BusinessCalendar(String name, CalendarProperties properties) {
        this.name = name;
        this.zone = properties.zone();
        this.workingDays = properties.workingDays();
        this.holidays = Set.copyOf(properties.holidays());
    }

    String name() {
        return name;
    }

    ZoneId zone() {
        return zone;
    }

    boolean isWorkingDay(LocalDate date) {
        return workingDays.contains(date.getDayOfWeek()) && !holidays.contains(date);
    }

    Instant addWorkingDays(Instant start, int days) {
        ZonedDateTime local = start.atZone(zone);
        LocalDate date = local.toLocalDate();
        LocalTime time = local.toLocalTime();
        // Each week has a working day (CalendarProperties checks), so this bound is never reached.
        long guard = days * 7L + holidays.size() + 7;
        for (int counted = 0; counted < days; guard--) {
            if (guard < 0) {
                throw new IllegalStateException("Calendar " + name + " has no working days left");
            }
            date = date.plusDays(1);
            if (isWorkingDay(date)) {
                counted++;
            }
        }
        return ZonedDateTime.of(date, time, zone).toInstant();
    }
}
