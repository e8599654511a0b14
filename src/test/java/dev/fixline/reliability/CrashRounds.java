package dev.fixline.reliability;

import java.util.Arrays;
import java.util.List;

/**
 * How many crash runs to make, on which databases: one per database in the default suite; the {@code crash}
 * Maven profile sets {@code crash.rounds} for the heavy variant. {@code crash.databases} narrows the set
 * ({@code H2}, {@code PostgreSQL}); {@code crash.sigterm-databases} does the same for the SIGTERM test.
 */
final class CrashRounds {

    private CrashRounds() {
    }

    static int rounds() {
        return Integer.getInteger("crash.rounds", 1);
    }

    static List<String> databases() {
        return list(System.getProperty("crash.databases", "H2,PostgreSQL"));
    }

    /** The SIGTERM test runs on H2 only by default; {@code crash.sigterm-databases} widens it. */
    static List<String> sigtermDatabases() {
        return list(System.getProperty("crash.sigterm-databases", "H2"));
    }

    private static List<String> list(String labels) {
        return Arrays.stream(labels.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static NodeDatabase database(String label, String scenario) {
        return switch (label) {
            case "H2" -> NodeDatabase.h2(scenario);
            case "PostgreSQL" -> NodeDatabase.freshPostgres(scenario);
            default -> throw new IllegalArgumentException("crash.databases: H2 or PostgreSQL, not " + label);
        };
    }
}
