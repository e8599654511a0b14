package dev.fixline.finding;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.cluster.ClusterLocks;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** A finding store on a migrated database of a test's own, wired as the application wires it. */
public final class FindingStores {

    private FindingStores() {
    }

    /** @param events where the store's finding events go */
    public static FindingStore on(DataSource dataSource, ObjectMapper json, ApplicationEventPublisher events, Clock clock) {
        return on(dataSource, json, events, clock, new SweepProperties(200_000).rowsInMemory());
    }

    /** @param rowsInMemory {@code fixline.sweep.rows-in-memory} */
    public static FindingStore on(DataSource dataSource, ObjectMapper json, ApplicationEventPublisher events, Clock clock,
                                  int rowsInMemory) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        ClosureProperties closure = new ClosureProperties(Duration.ofHours(24), 2, Duration.ofHours(12));
        ClusterLocks locks = new ClusterLocks(jdbc, new DataSourceTransactionManager(dataSource), clock);
        RepositoryStates states = new RepositoryStates(jdbc);
        SweepApplier applier = new SweepApplier(new SweepRepository(jdbc, locks), new ObservationRepository(jdbc),
                new FindingRepository(jdbc, json), states, closure, new SweepProperties(rowsInMemory), events, clock,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        return new FindingStore(applier, new SweepRepository(jdbc, locks), new FindingRepository(jdbc, json),
                new FindingLocations(jdbc), states);
    }
}
