package dev.fixline.sla;

import dev.fixline.finding.Severity;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Named sets of remediation days per severity ({@code fixline.sla.preset}).
 *
 * <p>A source that names only some severities leaves the others at the {@code default} preset's days,
 * so every preset covers all four and a case never fails to start for want of a number:
 * <ul>
 *   <li>{@code cisa-bod-19-02}: BOD 19-02 sets 15 days for Critical and 30 for High; it says nothing of
 *       Medium or Low.</li>
 *   <li>{@code fedramp}: FedRAMP's continuous monitoring rates risks High, Moderate and Low. It has no
 *       Critical, and treats a critical finding as High, so Critical gets High's 30 days.</li>
 *   <li>{@code pci}: PCI DSS (6.3.3) wants critical and high-risk patches within a month; the rest
 *       "within an appropriate time frame".</li>
 * </ul>
 */
public enum SlaPreset {

    DEFAULT("default", 7, 30, 90, 180),
    CISA_BOD_19_02("cisa-bod-19-02", 15, 30, 90, 180),
    FEDRAMP("fedramp", 30, 30, 90, 180),
    PCI("pci", 30, 30, 90, 180);

    private final String id;
    private final Map<Severity, Integer> days;

    SlaPreset(String id, int critical, int high, int medium, int low) {
        this.id = id;
        Map<Severity, Integer> map = new EnumMap<>(Severity.class);
        map.put(Severity.CRITICAL, critical);
        map.put(Severity.HIGH, high);
        map.put(Severity.MEDIUM, medium);
        map.put(Severity.LOW, low);
        this.days = Map.copyOf(map);
    }

    /** The name used in configuration, e.g. {@code cisa-bod-19-02}. */
    public String id() {
        return id;
    }

    /** Days for all four severities. */
    public Map<Severity, Integer> days() {
        return days;
    }

    /**
     * The preset of that name (case-insensitive; {@code _} and {@code -} are the same); blank means
     * {@code default}.
     *
     * @throws IllegalArgumentException naming the valid presets, so a typo stops startup with a clear message
     */
    public static SlaPreset named(String name) {
        if (name == null || name.isBlank()) {
            return DEFAULT;
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(p -> p.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown SLA preset '" + name.trim()
                        + "' (fixline.sla.preset); use one of: "
                        + Arrays.stream(values()).map(SlaPreset::id).collect(Collectors.joining(", "))));
    }
}
