package dev.fixline.reliability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Items lost and duplicated after crashes, by kind; both must be 0. */
final class Tally {

    /** Expected, found, lost and duplicated items of one kind; an informational line is reported, never a fault. */
    record Line(String kind, long expected, long found, long lost, long duplicated, boolean informational) {

        Line(String kind, long expected, long found, long lost, long duplicated) {
            this(kind, expected, found, lost, duplicated, false);
        }
    }

    private final Map<String, Line> lines = new LinkedHashMap<>();

    /** A plain count: fewer than expected is lost, more is duplicated. */
    void count(String kind, long expected, long found) {
        lines.put(kind, new Line(kind, expected, found, Math.max(0, expected - found), Math.max(0, found - expected)));
    }

    /** Counts per key (a case per finding, a mail per notification): a missing key is lost, extra copies duplicated. */
    void perKey(String kind, long expectedKeys, Map<String, Integer> perKey) {
        long duplicated = perKey.values().stream().mapToLong(n -> Math.max(0, n - 1)).sum();
        long found = perKey.values().stream().mapToLong(Integer::longValue).sum();
        lines.put(kind, new Line(kind, expectedKeys, found, Math.max(0, expectedKeys - perKey.size()), duplicated));
    }

    /** A figure worth reporting that is not a fault by itself. */
    void inform(String kind, long found) {
        lines.put(kind, new Line(kind, 0, found, 0, 0, true));
    }

    List<Line> lines() {
        return new ArrayList<>(lines.values());
    }

    List<Line> faults() {
        return lines.values().stream().filter(l -> !l.informational() && (l.lost() > 0 || l.duplicated() > 0)).toList();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Line l : lines.values()) {
            if (l.informational()) {
                s.append(String.format("%-32s %6d (reported, not a fault)%n", l.kind(), l.found()));
                continue;
            }
            s.append(String.format("%-32s expected %6d found %6d lost %4d duplicated %4d%n", l.kind(), l.expected(),
                    l.found(), l.lost(), l.duplicated()));
        }
        return s.toString();
    }
}
