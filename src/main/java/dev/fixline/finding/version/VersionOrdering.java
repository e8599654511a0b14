package dev.fixline.finding.version;

import java.util.OptionalInt;

/**
 * The ordering of one package ecosystem. {@link Versions} hands it versions that are not null, not
 * blank, trimmed and at most {@value Versions#MAX_LENGTH} characters long.
 */
interface VersionOrdering {

    /**
     * The sign of {@code left - right} (-1, 0 or 1), or empty when either version is not valid under
     * this ordering. Never throws; runs in time linear in the input.
     */
    OptionalInt compare(String left, String right);
}
