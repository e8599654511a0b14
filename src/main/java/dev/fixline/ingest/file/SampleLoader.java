package dev.fixline.ingest.file;

import dev.fixline.finding.FindingStore;
import dev.fixline.ingest.IngestProperties;
import dev.fixline.ingest.SweepImporter;
import java.io.IOException;
import java.io.InputStream;
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

/**
 * On the embedded default, imports the bundled sample exports once, on first start, so that a
 * newcomer sees open, overdue and closed cases without configuring anything.
 */
@Component
@ConditionalOnProperty(name = "fixline.samples.import-on-first-start", havingValue = "true")
class SampleLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SampleLoader.class);

    private final SweepImporter importer;
    private final FindingStore store;
    private final IngestProperties.Samples samples;

    SampleLoader(SweepImporter importer, FindingStore store, IngestProperties properties) {
        this.importer = importer;
        this.store = store;
        this.samples = properties.samples();
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (store.sweeps(0, 1).total() > 0) {
            return;
        }
        Instant now = Instant.now();
        Duration shift = samples.referenceTime() == null ? Duration.ZERO
                : Duration.between(samples.referenceTime(), now);
        for (Path file : samples.files()) {
            if (!Files.isRegularFile(file)) {
                log.warn("Sample {} not found (run Fixline from the repository folder); skipped",
                        file.toAbsolutePath());
                continue;
            }
            try (InputStream in = Files.newInputStream(file)) {
                var sweep = importer.importArgExport(file.getFileName().toString(), in, shift);
                log.info("Imported sample {} as sweep {} ({} rows)", file, sweep.id(), sweep.counts().rows());
            }
        }
    }
}
