package dev.fixline.ticketing.jira;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;

/** Jira's timestamp format ({@code 2025-07-20T10:12:47.824+0000}). */
final class JiraDates {

    /** Jira writes {@code +0000}; ISO's {@code +00:00} and {@code Z} are accepted too. */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private JiraDates() {
    }

    static Instant parse(String timestamp) {
        return OffsetDateTime.parse(timestamp, TIMESTAMP).toInstant();
    }

    /** Null for null or a value in another format: a stray format must not fail a whole read. */
    static Instant parseOrNull(String timestamp) {
        if (timestamp == null) {
            return null;
        }
        try {
            return parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
