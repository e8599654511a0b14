package dev.fixline.cluster;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Values the nodes of a cluster share ({@code fixline_setting}): what the last node saw, so that the
 * next one, or one that restarts, goes on from there. They take part in the caller's transaction.
 */
@Component
public class ClusterSettings {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ClusterSettings(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<String> get(String name) {
        return jdbc.queryForList("SELECT setting_value FROM fixline_setting WHERE setting_name = ?", String.class,
                name).stream().findFirst();
    }

    /**
     * Changes a value under a row lock, so that nodes changing it at once take turns: {@code change} gets
     * the stored value (empty when there is none) and returns the new one, or empty to leave it.
     *
     * @return the value stored afterwards
     */
    public Optional<String> update(String name, Function<Optional<String>, Optional<String>> change) {
        List<String> stored = jdbc.queryForList(
                "SELECT setting_value FROM fixline_setting WHERE setting_name = ? FOR UPDATE", String.class, name);
        Optional<String> before = stored.stream().findFirst();
        Optional<String> after = change.apply(before);
        if (after.isEmpty() || after.equals(before)) {
            return before;
        }
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        if (before.isEmpty()) {
            jdbc.update("INSERT INTO fixline_setting (setting_name, setting_value, updated_at) VALUES (?,?,?)", name,
                    after.get(), now);
        } else {
            jdbc.update("UPDATE fixline_setting SET setting_value = ?, updated_at = ? WHERE setting_name = ?",
                    after.get(), now, name);
        }
        return after;
    }
}
