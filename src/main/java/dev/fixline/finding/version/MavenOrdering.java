package dev.fixline.finding.version;

import java.util.OptionalInt;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * Maven's ordering, by Maven's own code: {@link ComparableVersion} from {@code org.apache.maven:maven-artifact}
 * (see <a href="https://maven.apache.org/pom.html#version-order-specification">the version order
 * specification</a>). So {@code alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp},
 * unknown qualifiers after {@code sp}, and trailing zeros do not count ({@code 1 == 1.0 == 1-0}).
 *
 * <p>{@code ComparableVersion} accepts any string; only what no Maven version looks like is refused here: a
 * version with whitespace inside, or without a single digit.
 */
final class MavenOrdering implements VersionOrdering {

    @Override
    public OptionalInt compare(String left, String right) {
        if (!plausible(left) || !plausible(right)) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.signum(new ComparableVersion(left).compareTo(new ComparableVersion(right))));
        } catch (RuntimeException e) {
            // ComparableVersion is not known to throw, but it is not ours and the contract is to never throw.
            return OptionalInt.empty();
        }
    }

    private static boolean plausible(String version) {
        boolean digit = false;
        for (int i = 0; i < version.length(); i++) {
            char c = version.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return false;
            }
            digit |= c >= '0' && c <= '9';
        }
        return digit;
    }
}
