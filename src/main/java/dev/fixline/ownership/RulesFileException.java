package dev.fixline.ownership;

/** Why a rules file cannot be used, and the line at fault when one is known. */
class RulesFileException extends Exception {

    private final Integer line;
    private final String reason;

    RulesFileException(Integer line, String reason) {
        super(reason);
        this.line = line;
        this.reason = reason;
    }

    /** 1-based, or null when the fault is not on one line (a missing file, a missing block). */
    Integer line() {
        return line;
    }

    String reason() {
        return reason;
    }
}
