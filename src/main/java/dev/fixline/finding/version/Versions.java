package dev.fixline.finding.version;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Compares package versions under the ordering of their ecosystem. The answer is a sign, or empty
 * when the two versions cannot be compared (unknown ecosystem, a version that is not valid under its
 * ordering, blank, or longer than {@value #MAX_LENGTH} characters, or a pair the reference
 * implementations in use order differently): never a guess, never an exception.
 *
 * <p>Which orderings are whose:
 * <ul>
 *   <li>{@code maven}: Maven's own {@code ComparableVersion} (org.apache.maven:maven-artifact);</li>
 *   <li>{@code dpkg}, {@code rpm}, {@code apk}, {@code semver}/{@code npm}/{@code go}, {@code pypi},
 *       {@code nuget}: written here, as no library on Maven Central implements them exactly; each
 *       class names the reference implementation it follows and its tests carry that
 *       implementation's own test vectors.</li>
 * </ul>
 */
public final class Versions {

    public static final int MAX_LENGTH = 256;

    private static final Map<String, VersionOrdering> ORDERINGS = Map.of(
            "dpkg", new DpkgOrdering(),
            "rpm", new RpmOrdering(),
            "apk", new ApkOrdering(),
            "semver", new SemverOrdering(false),
            "npm", new SemverOrdering(true),
            "go", new SemverOrdering(true),
            "pypi", new Pep440Ordering(),
            "maven", new MavenOrdering(),
            "nuget", new NugetOrdering());

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("deb", "dpkg"), Map.entry("debian", "dpkg"), Map.entry("ubuntu", "dpkg"),
            Map.entry("rhel", "rpm"), Map.entry("alpine", "apk"), Map.entry("golang", "go"),
            Map.entry("python", "pypi"), Map.entry("pip", "pypi"), Map.entry("java", "maven"),
            Map.entry("dotnet", "nuget"), Map.entry("javascript", "npm"));

    private Versions() {
    }

    /** The canonical name of an ecosystem ({@code "Debian"} → {@code dpkg}), or empty when unknown. */
    public static Optional<String> ecosystem(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String key = name.trim().toLowerCase(Locale.ROOT);
        key = ALIASES.getOrDefault(key, key);
        return ORDERINGS.containsKey(key) ? Optional.of(key) : Optional.empty();
    }

    /** The sign of {@code left - right} under the ecosystem's ordering, or empty when not comparable. */
    public static OptionalInt compare(String ecosystem, String left, String right) {
        Optional<String> known = ecosystem(ecosystem);
        if (known.isEmpty() || !usable(left) || !usable(right)) {
            return OptionalInt.empty();
        }
        try {
            return ORDERINGS.get(known.get()).compare(left.trim(), right.trim());
        } catch (RuntimeException e) {
            return OptionalInt.empty(); // an ordering's bug must not decide a closure
        }
    }

    /**
     * How an installed version stands against a fixed one, for people:
     * {@code installed 1.2.3-1 < fixed 1.2.3-2 (dpkg)}, or why they could not be compared.
     */
    public static String explain(String ecosystem, String installed, String fixed) {
        String pair = "installed " + shown(installed) + " vs fixed " + shown(fixed);
        Optional<String> known = ecosystem(ecosystem);
        if (known.isEmpty()) {
            return "versions not comparable: " + pair + " (ecosystem "
                    + (ecosystem == null || ecosystem.isBlank() ? "unknown" : "'" + shown(ecosystem) + "' unsupported")
                    + ")";
        }
        OptionalInt sign = compare(known.get(), installed, fixed);
        if (sign.isEmpty()) {
            String why = usable(installed) && usable(fixed) ? whyNoAnswer(known.get(), installed, fixed) : null;
            return "versions not comparable: " + pair + " ("
                    + (why != null ? why : "not valid " + known.get() + " versions") + ")";
        }
        String relation = sign.getAsInt() < 0 ? " < " : sign.getAsInt() > 0 ? " > " : " = ";
        return "installed " + installed.trim() + relation + "fixed " + fixed.trim() + " (" + known.get() + ")";
    }

    private static String whyNoAnswer(String ecosystem, String installed, String fixed) {
        try {
            return ORDERINGS.get(ecosystem).whyNoAnswer(installed.trim(), fixed.trim());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean usable(String version) {
        return version != null && !version.isBlank() && version.trim().length() <= MAX_LENGTH;
    }

    private static String shown(String s) {
        if (s == null || s.isBlank()) {
            return "(none)";
        }
        String t = s.trim();
        return t.length() <= 40 ? t : t.substring(0, 37) + "...";
    }
}
