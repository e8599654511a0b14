package dev.fixline.web;

import dev.fixline.limits.AsciiCase;
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
}
