package dev.fixline.finding.version;

import static dev.fixline.finding.version.Ascii.compareNumbers;
import static dev.fixline.finding.version.Ascii.isNumber;

import java.util.OptionalInt;

/**
 * NuGet's ordering: what {@code NuGetVersion.TryParse} accepts and {@code VersionComparer.Default} orders, in
 * NuGet.Versioning of <a href="https://github.com/NuGet/NuGet.Client">NuGet/NuGet.Client</a>
 * ({@code src/NuGet.Core/NuGet.Versioning}).
 *
 * <p>A version is one to four numbers (each at most {@code int.MaxValue}, leading zeros allowed, missing ones
 * are 0, so {@code 1.0 == 1.0.0 == 1.0.0.0}), then an optional {@code -} release label and an optional
 * {@code +} metadata. Labels follow SemVer 2.0.0 §9 and are compared like SemVer pre-release identifiers, except
 * that alphanumeric ones compare case-insensitively; metadata is validated and then ignored.
 */
final class NugetOrdering implements VersionOrdering {

    private static final String INT_MAX = String.valueOf(Integer.MAX_VALUE);
    private static final String[] NO_LABELS = new String[0];

    @Override
    public OptionalInt compare(String left, String right) {
        Parsed a = parse(left);
        Parsed b = parse(right);
        if (a == null || b == null) {
            return OptionalInt.empty();
        }
        for (int i = 0; i < 4; i++) {
            int c = compareNumbers(a.part(i), b.part(i));
            if (c != 0) {
                return OptionalInt.of(c);
            }
        }
        return OptionalInt.of(SemverOrdering.comparePrerelease(a.labels, b.labels, true));
    }

    /** The version numbers as digit strings (1 to 4 of them), and the release labels (empty for a release). */
    private record Parsed(String[] numbers, String[] labels) {

        String part(int i) {
            return i < numbers.length ? numbers[i] : "0";
        }
    }

    private static Parsed parse(String version) {
        int plus = version.indexOf('+');
        // NuGet validates metadata as SemVer build identifiers (leading zeros allowed) even though it ignores it.
        if (plus >= 0 && !SemverOrdering.validIdentifiers(version.substring(plus + 1), true)) {
            return null;
        }
        String core = plus >= 0 ? version.substring(0, plus) : version;
        int dash = core.indexOf('-');
        String[] numbers = SemverOrdering.split(dash >= 0 ? core.substring(0, dash) : core);
        if (numbers.length > 4) {
            return null;
        }
        for (String n : numbers) {
            // System.Version parses each part as a non-negative int; NuGet rejects anything larger.
            if (!isNumber(n) || compareNumbers(n, INT_MAX) > 0) {
                return null;
            }
        }
        if (dash < 0) {
            return new Parsed(numbers, NO_LABELS);
        }
        String labels = core.substring(dash + 1);
        return SemverOrdering.validIdentifiers(labels, false) ? new Parsed(numbers, SemverOrdering.split(labels))
                : null;
    }
}
