package dev.fixline.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Figures of one crash run for docs/reliability-crash.md, appended to {@code target/reliability/runs.md}:
 * the kills, how long each restart took until healthy, how long the node then needed to finish all work,
 * the counts lost and duplicated, and how long SIGTERM took. Measured, never asserted.
 */
final class CrashReport {

    private static final Path RUNS = Path.of("target", "reliability", "runs.md");
    private final CrashRig rig;
    private final List<Duration> restarts = new ArrayList<>();
    private Duration quiet;
    private final List<String> notes = new ArrayList<>();

    CrashReport(CrashRig rig) {
        this.rig = rig;
    }

    void restarted(Duration took) {
        restarts.add(took);
    }

    void note(String line) {
        notes.add(line);
    }

    void quiet(Duration took) {
        quiet = took;
    }

    /** One line of its own in the runs file. */
    static void line(String text) {
        append("\n- " + Instant.now() + ": " + text + "\n");
    }

    private static void append(String text) {
        try {
            Files.createDirectories(RUNS.getParent());
            Files.writeString(RUNS, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(text);
    }

    void write(Tally tally, FixlineProcess.Stop stop) {
        StringBuilder s = new StringBuilder();
        s.append("\n### ").append(rig.scenario).append(" (").append(Instant.now()).append(")\n\n");
        s.append("- database: ").append(rig.database.label()).append(", seed ").append(rig.seed).append('\n');
        if (!rig.kills().isEmpty()) {
            s.append("- kills: ").append(String.join("; ", rig.kills())).append('\n');
        }
        notes.forEach(n -> s.append("- ").append(n).append('\n'));
        s.append("- restarts until healthy: ").append(restarts.stream().map(d -> d.toMillis() / 100 / 10.0 + " s")
                .collect(Collectors.joining(", "))).append('\n');
        if (quiet != null) {
            s.append("- after the last restart, all work done in ").append(quiet.toMillis() / 100 / 10.0).append(" s\n");
        }
        if (stop != null) {
            s.append("- SIGTERM: exited ").append(stop.exitedInTime() ? "in " + stop.took().toMillis() + " ms" : "NOT in time")
                    .append(" with ").append(stop.exitCode()).append('\n');
        }
        s.append("\n```\n").append(tally).append("```\n");
        append(s.toString());
    }
}
