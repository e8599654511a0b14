package dev.fixline.finding;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The distinct locations of all findings. Reading them scans the whole finding table (100,000 rows: 50 to
 * 200 ms on H2 or PostgreSQL on two cores), so they are kept and read again only after a sweep commits:
 * findings are inserted, and their locations changed, by sweeps alone. Every sweep adds a row to
 * {@code sweep} in its own transaction, so the count of sweeps and the last finish tell, on any node,
 * whether one committed since.
 */
@Component
class FindingLocations {

    private record Stamp(long sweeps, java.sql.Timestamp lastFinished) {
    }

    private record Known(Stamp stamp, List<FindingLocation> locations) {
    }

    private final JdbcTemplate jdbc;
    private final AtomicReference<Known> known = new AtomicReference<>();

    FindingLocations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<FindingLocation> all() {
        Stamp now = jdbc.queryForObject("SELECT COUNT(*), MAX(finished_at) FROM sweep",
                (rs, n) -> new Stamp(rs.getLong(1), rs.getTimestamp(2)));
        Known k = known.get();
        if (k != null && k.stamp().equals(now)) {
            return k.locations();
        }
        // Read after the stamp: a sweep committing in between is kept under the older stamp, and read again.
        List<FindingLocation> read = jdbc.query("""
                SELECT DISTINCT registry_host, repository, subscription_id, resource_group, cloud, account
                FROM finding""", (rs, n) -> new FindingLocation(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6)));
        known.set(new Known(now, List.copyOf(read)));
        return known.get().locations();
    }
}
