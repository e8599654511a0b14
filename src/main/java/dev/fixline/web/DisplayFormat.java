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
}
