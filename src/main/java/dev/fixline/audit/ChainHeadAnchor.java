package dev.fixline.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The chain's end, published as an anchor: the metric {@code fixline.audit.chain.head.seq} and a log line at
 * start and every day at 00:05 UTC with its place and hash. Noted somewhere Fixline's administrators cannot
 * write, it shows later whether the history was rewritten, even with every hash after it recomputed.
 */
@Component
class ChainHeadAnchor implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(ChainHeadAnchor.class);

    private final JdbcTemplate jdbc;

    ChainHeadAnchor(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("fixline.audit.chain.head.seq", jdbc, db -> ChainHead.read(db).seq())
                .description("The place of the last event sealed into the audit chain").register(registry);
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        logHead();
    }

    @Scheduled(cron = "0 5 0 * * *", zone = "UTC")
    void daily() {
        logHead();
    }

    ChainHead logHead() {
        ChainHead head = ChainHead.read(jdbc);
        log.info("Audit chain head: place {}, hash {}", head.seq(), head.hash());
        return head;
    }
}
