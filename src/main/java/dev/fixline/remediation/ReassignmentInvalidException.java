package dev.fixline.remediation;

/** A reassignment that names no one new, or a team no rule knows; {@link #field()} names what is wrong. */
public class ReassignmentInvalidException extends IllegalArgumentException {

    private final String field;

    ReassignmentInvalidException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
