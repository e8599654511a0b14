package dev.fixline.ingest.file;

import dev.fixline.finding.FindingStoreBusyException;
import dev.fixline.finding.StaleSweepException;
import dev.fixline.ingest.IngestProperties;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.ingest.SweepRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Imports every {@code *.json} (Resource Graph export) and {@code *.csv} (portal download) file dropped
 * into the inbox folder, oldest name first. A file is
 * claimed by renaming it, so two nodes sharing the folder never import it twice.
 */
@Component
@ConditionalOnProperty(name = "fixline.ingest.inbox.enabled", havingValue = "true")
public class InboxWatcher {

    private static final Logger log = LoggerFactory.getLogger(InboxWatcher.class);
    private static final String CLAIMED = ".importing";

    private final SweepImporter importer;
    private final Path inbox;

    InboxWatcher(SweepImporter importer, IngestProperties properties) throws IOException {
        this.importer = importer;
        this.inbox = properties.ingest().inbox().path();
        Files.createDirectories(inbox.resolve("processed"));
        Files.createDirectories(inbox.resolve("rejected"));
        reclaimInterrupted();
        log.info("Watching {} for Resource Graph exports (*.json, *.csv)", inbox.toAbsolutePath());
    }

    /**
     * A file still claimed ({@code .importing}) when Fixline starts was being imported when it stopped. Its
     * transaction rolled back, so it goes back into the inbox to be imported again.
     */
    private void reclaimInterrupted() throws IOException {
        List<Path> claimed;
        try (Stream<Path> listing = Files.list(inbox)) {
            claimed = listing.filter(p -> p.getFileName().toString().endsWith(CLAIMED)
                    && isExport(p.getFileName().toString().substring(0, p.getFileName().toString().length()
                    - CLAIMED.length()))).toList();
        }
        for (Path file : claimed) {
            String name = file.getFileName().toString();
            Path original = file.resolveSibling(name.substring(0, name.length() - CLAIMED.length()));
            try {
                Files.move(file, original, StandardCopyOption.ATOMIC_MOVE);
                log.warn("The import of {} was interrupted when Fixline stopped; nothing of it was applied, and it "
                        + "is imported again", original.getFileName());
            } catch (IOException e) {
                log.error("Cannot put the interrupted import {} back into the inbox", file, e);
            }
        }
    }

    @Scheduled(fixedDelayString = "${fixline.ingest.inbox.poll-interval:PT10S}")
    public void poll() {
        List<Path> files;
        try (Stream<Path> listing = Files.list(inbox)) {
            files = listing.filter(p -> isExport(p.getFileName().toString()) && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            log.warn("Cannot list the inbox {}: {}", inbox, e.getMessage());
            return;
        }
        for (Path file : files) {
            if (!importFile(file)) {
                return; // the finding store is busy: the later files wait too, so that none overtakes an older one
            }
        }
    }

    private static boolean isExport(String name) {
        return name.endsWith(".json") || name.endsWith(".csv");
    }

    /** @return false when the finding store was busy: the file is back in the inbox for a later poll */
    boolean importFile(Path file) {
        String name = file.getFileName().toString();
        Path claimed = file.resolveSibling(name + CLAIMED);
        try {
            Files.move(file, claimed, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            return true; // another node took it
        }
        String stamp = Instant.now().toString().replace(':', '-');
        try (InputStream in = Files.newInputStream(claimed)) {
            var sweep = name.endsWith(".csv") ? importer.importPortalCsv(name, in) : importer.importArgExport(name, in);
            log.info("Imported {} from the inbox as sweep {}", name, sweep.id());
        } catch (FindingStoreBusyException e) {
            // Nothing was applied: the file goes back as it was, and the next poll tries it again.
            log.warn("The finding store is busy with another sweep; {} stays in the inbox and is imported at a "
                    + "later poll", name);
            unclaim(claimed, file);
            return false;
        } catch (SweepRejectedException | StaleSweepException e) {
            log.warn("Rejected {} from the inbox: {}", name, e.getMessage());
            moveRejected(claimed, stamp, name, e.getMessage());
            return true;
        } catch (IOException | RuntimeException e) {
            log.error("Failed to import {} from the inbox", name, e);
            moveRejected(claimed, stamp, name, "import failed: " + e);
            return true;
        }
        try {
            Files.move(claimed, inbox.resolve("processed").resolve(stamp + "-" + name));
        } catch (IOException e) {
            log.error("Imported {} but cannot move it to processed/; it stays as {}", name, claimed, e);
        }
        return true;
    }

    private static void unclaim(Path claimed, Path original) {
        try {
            Files.move(claimed, original, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.error("Cannot put {} back into the inbox; it is imported again at the next start", claimed, e);
        }
    }

    private void moveRejected(Path claimed, String stamp, String name, String reason) {
        try {
            Path target = inbox.resolve("rejected").resolve(stamp + "-" + name);
            Files.move(claimed, target);
            Files.writeString(target.resolveSibling(target.getFileName() + ".error.txt"), reason + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.error("Cannot move {} to the rejected folder", claimed, e);
        }
    }
}
