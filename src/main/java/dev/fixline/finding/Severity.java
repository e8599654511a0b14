package dev.fixline.finding;

import java.util.Locale;
import java.util.Optional;

/** Severity as Defender reports it, ordered from least to most severe. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    /** Parses Defender's spelling ("High", "critical", "Moderate"); empty when unknown. */
    public static Optional<Severity> parse(String text) {
        // Letters of other scripts are never a severity: 'Crıtıcal' (dotless ı) upper-cases to CRITICAL.
        if (text == null || !text.chars().allMatch(c -> c < 128)) {
            return Optional.empty();
        }
        return switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "LOW" -> Optional.of(LOW);
            case "MEDIUM", "MODERATE" -> Optional.of(MEDIUM);
            case "HIGH" -> Optional.of(HIGH);
            case "CRITICAL" -> Optional.of(CRITICAL);
            default -> Optional.empty();
        };
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    /** Defender's spelling, e.g. "High". */
    public String label() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }
}
