package dev.fixline.reliability;

import java.util.Arrays;
import java.util.List;

/**
 * How many crash runs to make, on which databases: one per database in the default suite; the {@code crash}
 * Maven profile sets {@code crash.rounds} for the heavy variant. {@code crash.databases} narrows the set
 * ({@code H2}, {@code PostgreSQL}).
 */
final class CrashRounds {

    private CrashRounds() {
    }

    static int rounds() {
        return Integer.getInteger("crash.rounds", 1);
    }

    static List<String> databases() {
        return Arrays.stream(System.getProperty("crash.databases", "H2,PostgreSQL").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    static NodeDatabase database(String label, String scenario) {
        return switch (label) {
            case "H2" -> NodeDatabase.h2(scenario);
            case "PostgreSQL" -> NodeDatabase.freshPostgres(scenario);
            default -> throw new IllegalArgumentException("crash.databases: H2 or PostgreSQL, not " + label);
        };
    }
}
