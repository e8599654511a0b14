package dev.fixline.finding;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Instants at the precision the database keeps: microseconds, on H2 and on PostgreSQL alike. Defender
 * writes 100 ns ({@code 13:36:15.0772799Z}) and the JVM's clock gives nanoseconds; an instant held at a
 * finer precision than its stored copy compares as later than that copy, so the same export would look
 * newer than itself. Every instant is cut to this precision once, where it enters the store.
 */
public final class StoredPrecision {

    private StoredPrecision() {
    }

    /** The instant as the database will give it back; null stays null. */
    public static Instant of(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
