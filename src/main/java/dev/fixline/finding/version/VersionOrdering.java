package dev.fixline.finding.version;

import java.util.OptionalInt;

/**
 * The ordering of one package ecosystem. {@link Versions} hands it versions that are not null, not
 * blank, trimmed and at most {@value Versions#MAX_LENGTH} characters long.
 */
interface VersionOrdering {

    /**
     * The sign of {@code left - right} (-1, 0 or 1), or empty when the reference implementation gives no
     * single answer (mostly: a version is not valid under this ordering). Never throws; runs in time linear
     * in the input.
     */
    OptionalInt compare(String left, String right);

    /**
     * Why {@link #compare} gives no answer for a pair it cannot order although both versions are valid, for
     * people; null when the reason is that a version is not valid.
     */
    default String whyNoAnswer(String left, String right) {
        return null;
    }
}
