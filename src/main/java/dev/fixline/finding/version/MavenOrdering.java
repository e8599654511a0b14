package dev.fixline.finding.version;

import java.util.OptionalInt;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * Maven's ordering, by Maven's own code: {@link ComparableVersion} from {@code org.apache.maven:maven-artifact}
 * (see <a href="https://maven.apache.org/pom.html#version-order-specification">the version order
 * specification</a>). So {@code alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp},
 * unknown qualifiers after {@code sp}, and trailing zeros do not count ({@code 1 == 1.0 == 1-0}).
 *
 * <p>Qualifiers in any script get exactly {@code ComparableVersion}'s answer: it folds case with
 * {@code Locale.ENGLISH} whatever the default locale ({@code 1.0-I == 1.0-i} also on a Turkish JVM, while
 * {@code 1.0-ı} and {@code 1.0-İ} stay letters of their own), and orders unknown qualifiers by their lower-case
 * UTF-16 text ({@code 1.0-z < 1.0-ä}). Nothing here folds, normalises or filters a letter.
 *
 * <p>{@code ComparableVersion} accepts any string; only what has no one answer is refused here:
 * <ul>
 *   <li>a version with whitespace inside, or without a single ASCII digit: no Maven artifact version looks like
 *       that, and an answer for {@code unknown} or {@code LATEST} would be a guess;</li>
 *   <li>a version with a decimal digit of another script ({@code 1.٣}, {@code １.０}): maven-artifact 3.9 reads
 *       it as a number ({@code 1.٣ == 1.3}), Maven 4 as a letter ({@code ComparableVersionTest.testNonAsciiDigits}),
 *       so the two Maven lines in use disagree.</li>
 * </ul>
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

    @Override
    public String whyNoAnswer(String left, String right) {
        return otherScriptDigit(left) || otherScriptDigit(right)
                ? "a digit of another script: Maven 3.9 reads it as a number, Maven 4 as a letter"
                : null;
    }

    private static boolean otherScriptDigit(String version) {
        return version.chars().anyMatch(c -> (c < '0' || c > '9') && Character.isDigit(c));
    }

    private static boolean plausible(String version) {
        boolean digit = false;
        for (int i = 0; i < version.length(); i++) {
            char c = version.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return false;
            }
            boolean ascii = c >= '0' && c <= '9';
            if (!ascii && Character.isDigit(c)) {
                return false;
            }
            digit |= ascii;
        }
        return digit;
    }
}
