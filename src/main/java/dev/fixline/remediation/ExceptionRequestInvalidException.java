package dev.fixline.remediation;

/** An exception request that asks for what the policy does not allow; {@link #field()} names what is wrong. */
public class ExceptionRequestInvalidException extends IllegalArgumentException {

    private final String field;

    ExceptionRequestInvalidException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
