package dev.fixline.web;

/**
 * Cells of a CSV that people open in a spreadsheet. A cell starting with {@code = + - @} (or a tab or
 * carriage return, which some spreadsheets skip before reading one of those) would be run as a formula: a
 * team, repository or owner name is data from scanners and configuration, never a formula, so such a cell
 * gets a leading apostrophe, which spreadsheets show as text (OWASP's advice on CSV injection).
 */
final class SpreadsheetCells {

    private SpreadsheetCells() {
    }

    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }
}
