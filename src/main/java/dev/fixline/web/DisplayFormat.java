package dev.fixline.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/** How the UI's templates write instants: in UTC, the zone every SLA date is computed in. */
@Component("display")
class DisplayFormat {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** {@code 2026-11-20}, or an empty string for no date. */
    public String day(Instant instant) {
        return instant == null ? "" : DAY.format(instant);
    }

    /** {@code 2026-11-20 14:03 UTC}, or an empty string for no date. */
    public String minute(Instant instant) {
        return instant == null ? "" : MINUTE.format(instant);
    }

    /** The machine-readable value of a {@code <time datetime>} attribute. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    /** {@code 3 days 4 hours}, {@code 5 hours}, {@code under an hour}; an empty string for none. */
    public String duration(java.time.Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            return "";
        }
        long days = d.toDays();
        long hours = d.minusDays(days).toHours();
        if (days == 0 && hours == 0) {
            return "under an hour";
        }
        String dayText = days == 0 ? "" : days + (days == 1 ? " day" : " days");
        String hourText = hours == 0 ? "" : hours + (hours == 1 ? " hour" : " hours");
        return (dayText + " " + hourText).strip();
    }
}
