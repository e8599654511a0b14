package dev.fixline.web;

import dev.fixline.limits.AsciiCase;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

final class Params {

    private Params() {
    }

    static <E extends Enum<E>> E enumValue(String parameter, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, AsciiCase.upper(value.trim()));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(parameter, "'" + value + "' is not one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }

    /** A page number of a page's own pager (0, 1, 2, …); a 400 naming {@code page} otherwise. */
    static int pageNumber(String page) {
        try {
            int number = Integer.parseInt(page);
            if (number >= 0 && number <= 100_000) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestException("page", "'" + page + "' is not a page number (0, 1, 2, …)");
    }

    /** The text stripped, or null when absent or blank (an empty field of a filter form). */
    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** The start (00:00 UTC) of a day written {@code 2026-11-30}; a 400 naming the field otherwise. */
    static Instant day(String field, String text) {
        try {
            return LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field, "'" + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
                    + "' is not a day (2026-11-30)");
        }
    }
}
