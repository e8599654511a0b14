package dev.fixline.ownership;

import dev.fixline.finding.Severity;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Per-severity SLA day overrides as the rules file spells them ({@code CRITICAL: 5}, {@code High: 20}). */
final class SlaOverrides {

    private SlaOverrides() {
    }

    /** An unmodifiable copy in severity order, so that JSON and logs list them predictably. */
    static Map<Severity, Integer> copy(Map<Severity, Integer> days) {
        if (days == null || days.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new EnumMap<>(days));
    }

    /** Reads the file's map; a severity spelled two ways, an unknown severity or a day count below 1 is refused. */
    static Map<Severity, Integer> parse(Map<String, Integer> given, Integer line, String where)
            throws RulesFileException {
        if (given == null || given.isEmpty()) {
            return Map.of();
        }
        Map<Severity, Integer> days = new EnumMap<>(Severity.class);
        for (Map.Entry<String, Integer> e : given.entrySet()) {
            Severity severity = Severity.parse(e.getKey()).orElseThrow(() -> new RulesFileException(line,
                    where + ": sla names an unknown severity '" + e.getKey()
                            + "' (use CRITICAL, HIGH, MEDIUM or LOW)"));
            if (e.getValue() == null || e.getValue() < 1) {
                throw new RulesFileException(line, where + ": sla." + e.getKey() + " must be a number of days, "
                        + "at least 1");
            }
            if (days.put(severity, e.getValue()) != null) {
                throw new RulesFileException(line, where + ": sla gives " + severity + " twice");
            }
        }
        return copy(days);
    }
}
