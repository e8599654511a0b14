package dev.fixline.web;

import dev.fixline.limits.ControlCharacters;

/** Free text from a request body: bounded, without control characters other than line breaks and tabs. */
final class Texts {

    private Texts() {
    }

    /** The text stripped; a 400 naming the field when absent or blank. */
    static String required(String field, String text, int maxLength, String why) {
        String value = optional(field, text, maxLength);
        if (value == null) {
            throw new BadRequestException(field, "required: " + why);
        }
        return value;
    }

    /** The text stripped, or null when absent or blank. */
    static String optional(String field, String text, int maxLength) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() > maxLength) {
            throw new BadRequestException(field, "at most " + maxLength + " characters");
        }
        int control = ControlCharacters.inText(text);
        if (control >= 0) {
            throw new BadRequestException(field, ControlCharacters.describe(text, control)
                    + "; it may hold line breaks and tabs, no other control character");
        }
        return text.strip();
    }
}
