package dev.fixline.web;

import java.util.ArrayList;
import java.util.List;

/**
 * Cells of a CSV a person opens in a spreadsheet: a value starting with {@code = + - @}, a tab or a carriage
 * return is a formula to Excel and LibreOffice, so it gets a leading apostrophe (OWASP's CSV injection advice).
 * Names, summaries and evidence come from scanners, tickets and people.
 */
final class SpreadsheetCells {

    private SpreadsheetCells() {
    }

    static List<String> safe(String... values) {
        List<String> cells = new ArrayList<>(values.length);
        for (String v : values) {
            cells.add(safe(v));
        }
        return cells;
    }

    static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }
}
