package dev.fixline.limits;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import org.springframework.util.unit.DataSize;

/**
 * An input went past one of the {@link InputLimits}: says which (its property name, such as
 * {@code fixline.limits.max-row-size}) and whether it is a size (answered 413) or a shape (400).
 */
public class LimitExceededException extends RuntimeException {

    private final String property;
    private final boolean tooLarge;

    private LimitExceededException(String property, boolean tooLarge, String message, Throwable cause) {
        super(message, cause);
        this.property = property;
        this.tooLarge = tooLarge;
    }

    /** Larger than a size limit: the request is refused as too large (413). */
    public static LimitExceededException tooLarge(String property, String message) {
        return new LimitExceededException(InputLimits.PREFIX + property, true, message, null);
    }

    /** Past a limit on a value's shape (nesting, length): the input is malformed for Fixline (400). */
    public static LimitExceededException badShape(String property, String message, Throwable cause) {
        return new LimitExceededException(InputLimits.PREFIX + property, false, message, cause);
    }

    public static LimitExceededException body(DataSize limit) {
        return tooLarge("max-body-size", "the file is larger than the " + describe(limit)
                + " that fixline.limits.max-body-size allows");
    }

    public static LimitExceededException rows(int limit) {
        return tooLarge("max-rows-per-file", String.format("the file holds more than the %,d rows that "
                + "fixline.limits.max-rows-per-file allows", limit));
    }

    public static LimitExceededException row(DataSize limit) {
        return tooLarge("max-row-size", "the row is larger than the " + describe(limit)
                + " that fixline.limits.max-row-size allows");
    }

    /**
     * Jackson's own refusal of a document past its {@code StreamReadConstraints}, in Fixline's words: which
     * property it is, and its value.
     */
    public static LimitExceededException of(StreamConstraintsException e, InputLimits limits) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("getMaxNestingDepth")) {
            return badShape("max-nesting-depth", "JSON nested deeper than the " + limits.maxNestingDepth()
                    + " levels that fixline.limits.max-nesting-depth allows", e);
        }
        if (message.contains("getMaxStringLength")) {
            return badShape("max-string-length", String.format("a string longer than the %,d characters that "
                    + "fixline.limits.max-string-length allows", limits.maxStringLength()), e);
        }
        if (message.contains("getMaxNameLength")) {
            return badShape("max-name-length", String.format("a field name longer than the %,d characters that "
                    + "fixline.limits.max-name-length allows", limits.maxNameLength()), e);
        }
        if (message.contains("getMaxNumberLength")) {
            return badShape("max-number-length", String.format("a number longer than the %,d characters that "
                    + "fixline.limits.max-number-length allows", limits.maxNumberLength()), e);
        }
        if (message.contains("getMaxTokenCount")) {
            return badShape("max-webhook-tokens", String.format("more than the %,d JSON tokens that "
                    + "fixline.limits.max-webhook-tokens allows", limits.maxWebhookTokens()), e);
        }
        return new LimitExceededException("fixline.limits", false, "past a limit of the JSON parser: " + message, e);
    }

    /** The property, such as {@code fixline.limits.max-row-size}. */
    public String property() {
        return property;
    }

    /** A size (413) rather than a shape (400). */
    public boolean tooLarge() {
        return tooLarge;
    }

    /** {@code 512 MB}, {@code 1 MB}, {@code 64 KB}, else bytes. */
    public static String describe(DataSize size) {
        long bytes = size.toBytes();
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return String.format("%,d bytes", bytes);
    }
}
