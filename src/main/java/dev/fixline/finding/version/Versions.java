package dev.fixline.finding.version;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares package versions. This first cut compares the runs of digits of both versions left to
 * right, for every ecosystem ("3.0.13-0ubuntu1" ≥ "3.0.13"). It is deliberately cautious: a version
 * without digits, or longer than {@value #MAX_LENGTH} characters, cannot be compared and the result
 * is empty, never a guess. Ecosystem-aware orderings (dpkg, rpm, apk, semver, PEP 440, Maven,
 * NuGet) replace it in a later step.
 */
public final class Versions {

    static final int MAX_LENGTH = 256;
    private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");

    private Versions() {
    }

    /** The sign of {@code left - right}, or empty when the two cannot be compared. */
    public static OptionalInt compare(String ecosystem, String left, String right) {
        List<Long> a = numbers(left);
        List<Long> b = numbers(right);
        if (a.isEmpty() || b.isEmpty()) {
            return OptionalInt.empty();
        }
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            long x = i < a.size() ? a.get(i) : 0;
            long y = i < b.size() ? b.get(i) : 0;
            if (x != y) {
                return OptionalInt.of(Long.compare(x, y));
            }
        }
        return OptionalInt.of(0);
    }

    private static List<Long> numbers(String version) {
        List<Long> parts = new ArrayList<>();
        if (version == null || version.isBlank() || version.length() > MAX_LENGTH) {
            return parts;
        }
        Matcher m = DIGITS.matcher(version);
        while (m.find()) {
            parts.add(Long.parseLong(m.group()));
        }
        return parts;
    }
}
