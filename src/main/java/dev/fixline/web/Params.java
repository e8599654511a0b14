package dev.fixline.web;

import java.util.Arrays;
import java.util.Locale;

final class Params {

    private Params() {
    }

    static <E extends Enum<E>> E enumValue(String parameter, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(parameter, "'" + value + "' is not one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }
}
