package dev.fixline.ingest.file;

import dev.fixline.cluster.ClusterLocks;
import dev.fixline.cluster.LockScope;
import dev.fixline.finding.FindingStore;
import dev.fixline.ingest.IngestProperties;
import dev.fixline.ingest.SweepImporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On the embedded default, imports the bundled sample exports once, on first start, so that a
 * newcomer sees open, overdue and closed cases without configuring anything. Nodes that start together
 * on a fresh database take turns on the {@code samples} row of {@code sweep_lock}, held from the check
 * "no sweep yet" until the last sample is applied, so only the first imports them.
 */
@Component
@ConditionalOnProperty(name = "fixline.samples.import-on-first-start", havingValue = "true")
class SampleLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SampleLoader.class);

    private final SweepImporter importer;
    private final FindingStore store;
    private final IngestProperties.Samples samples;
    private final ClusterLocks locks;
    private final TransactionTemplate holdingTheLock;
    private final TransactionTemplate eachSample;

    SampleLoader(SweepImporter importer, FindingStore store, IngestProperties properties, ClusterLocks locks,
                 PlatformTransactionManager transactions) {
        this.importer = importer;
        this.store = store;
        this.samples = properties.samples();
        this.locks = locks;
        this.holdingTheLock = new TransactionTemplate(transactions);
        // Each sample commits on a connection of its own while the lock's transaction waits.
        this.eachSample = new TransactionTemplate(transactions);
        this.eachSample.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public void run(ApplicationArguments args) {
        holdingTheLock.executeWithoutResult(s -> {
            locks.holdUntilCommit(LockScope.SAMPLES);
            if (store.sweeps(0, 1).total() > 0) {
                log.info("Samples not imported: the database holds sweeps already");
                return;
            }
            importSamples();
        });
    }

    private void importSamples() {
        Instant now = Instant.now();
        Duration shift = samples.referenceTime() == null ? Duration.ZERO
                : Duration.between(samples.referenceTime(), now);
        for (Path file : samples.files()) {
            if (!Files.isRegularFile(file)) {
                log.warn("Sample {} not found (run Fixline from the repository folder); skipped",
                        file.toAbsolutePath());
                continue;
            }
            eachSample.executeWithoutResult(t -> {
                try (InputStream in = Files.newInputStream(file)) {
                    var sweep = importer.importArgExport(file.getFileName().toString(), in, shift);
                    log.info("Imported sample {} as sweep {} ({} rows)", file, sweep.id(), sweep.counts().rows());
                } catch (IOException e) {
                    throw new UncheckedIOException("Sample " + file + " could not be read", e);
                }
            });
        }
    }
}
