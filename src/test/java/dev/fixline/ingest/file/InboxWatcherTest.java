package dev.fixline.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.ApplicationTest;
import dev.fixline.finding.FindingStore;
import dev.fixline.ingest.IngestProperties;
import dev.fixline.ingest.SweepImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

@ApplicationTest
class InboxWatcherTest {

    @Autowired SweepImporter importer;
    @Autowired FindingStore store;
    @TempDir Path inbox;

    @Test
    void importsDroppedExportsAndSetsAsideBadOnesWithTheReason() throws IOException {
        InboxWatcher watcher = new InboxWatcher(importer, new IngestProperties(
                new IngestProperties.Ingest(new IngestProperties.Inbox(true, inbox, Duration.ofSeconds(10))),
                new IngestProperties.Samples(false, List.of(), null)));
        long sweepsBefore = store.sweeps(0, 1).total();
        Files.copy(Path.of("samples", "day-1.json"), inbox.resolve("a-export.json"));
        Files.writeString(inbox.resolve("b-broken.json"), "[{\"id\": 42}]");
        Files.writeString(inbox.resolve("notes.txt"), "not an export");

        watcher.poll();

        assertThat(store.sweeps(0, 1).total()).isEqualTo(sweepsBefore + 1);
        assertThat(store.sweeps(0, 1).items().get(0).sourceName()).isEqualTo("a-export.json");
        assertThat(names(inbox.resolve("processed"))).singleElement().asString().endsWith("-a-export.json");
        List<String> rejected = names(inbox.resolve("rejected"));
        assertThat(rejected).hasSize(2).anyMatch(n -> n.endsWith("-b-broken.json"));
        Path reason = inbox.resolve("rejected").resolve(rejected.stream().filter(n -> n.endsWith(".error.txt"))
                .findFirst().orElseThrow());
        assertThat(Files.readString(reason)).contains("row 1: expected a sub-assessment (an object with id and "
                + "properties) or a row of projected columns").contains("found an object with fields id");
        assertThat(inbox.resolve("notes.txt")).exists();
        assertThat(inbox).as("no file left claimed").isDirectoryNotContaining("glob:**.importing");
    }

    /** A file whose import was cut short by a stop (kill -9) is imported at the next start. */
    @Test
    void aFileLeftClaimedByAStopIsImportedAfterTheRestart(@TempDir Path restarted) throws IOException {
        String day1 = Files.readString(Path.of("samples", "day-1.json")).replace("contosoprod", "inboxprod")
                .replace("contosodev", "inboxdev");
        Files.writeString(restarted.resolve("cut-short.json.importing"), day1);
        long sweepsBefore = store.sweeps(0, 1).total();

        InboxWatcher watcher = new InboxWatcher(importer, new IngestProperties(
                new IngestProperties.Ingest(new IngestProperties.Inbox(true, restarted, Duration.ofSeconds(10))),
                new IngestProperties.Samples(false, List.of(), null)));
        watcher.poll();

        assertThat(store.sweeps(0, 1).total()).isEqualTo(sweepsBefore + 1);
        assertThat(store.sweeps(0, 1).items().get(0).sourceName()).isEqualTo("cut-short.json");
        assertThat(names(restarted.resolve("processed"))).singleElement().asString().endsWith("-cut-short.json");
        assertThat(restarted).isDirectoryNotContaining("glob:**.importing");
    }

    /** A file past a limit (fixline.limits.*) is set aside with the limit it went past, as any refused file is. */
    @Test
    void aFilePastALimitIsSetAsideNamingTheLimit(@TempDir Path limited) throws IOException {
        InboxWatcher watcher = new InboxWatcher(importer, new IngestProperties(
                new IngestProperties.Ingest(new IngestProperties.Inbox(true, limited, Duration.ofSeconds(10))),
                new IngestProperties.Samples(false, List.of(), null)));
        long sweepsBefore = store.sweeps(0, 1).total();
        Files.writeString(limited.resolve("deep.json"), "[{\"id\":" + "[".repeat(200) + "]".repeat(200) + "}]");
        Files.writeString(limited.resolve("wide.csv"), "repositoryName,registryName,imageDigest,vulnName,"
                + "scanFindingSeverity,packageName\r\napp,reg,sha256:ab,CVE-2024-1,High,\"" + "x".repeat(2 * 1024 * 1024)
                + "\"\r\n");

        watcher.poll();

        assertThat(store.sweeps(0, 1).total()).isEqualTo(sweepsBefore);
        List<String> rejected = names(limited.resolve("rejected"));
        assertThat(rejected).hasSize(4);
        assertThat(Files.readString(limited.resolve("rejected").resolve(rejected.stream()
                .filter(n -> n.endsWith("deep.json.error.txt")).findFirst().orElseThrow())))
                .contains("row 1: JSON nested deeper than the 100 levels that fixline.limits.max-nesting-depth allows");
        assertThat(Files.readString(limited.resolve("rejected").resolve(rejected.stream()
                .filter(n -> n.endsWith("wide.csv.error.txt")).findFirst().orElseThrow())))
                .contains("row 1: the row is larger than the 1 MB that fixline.limits.max-row-size allows");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
