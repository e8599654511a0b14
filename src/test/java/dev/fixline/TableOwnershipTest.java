package dev.fixline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each of Fixline's tables is written only by the module that owns it; the others ask that module. Read
 * from the sources: every INSERT, UPDATE, DELETE and MERGE in a string of {@code src/main/java}.
 */
class TableOwnershipTest {

    /** Every table the migrations create, and the module that owns it. */
    static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("finding", "finding"), Map.entry("finding_digest", "finding"), Map.entry("repository_state", "finding"),
            Map.entry("observation", "finding"), Map.entry("sweep", "finding"),
            Map.entry("sweep_registry", "finding"), Map.entry("sweep_rejection", "finding"),
            Map.entry("sweep_ignored", "finding"), Map.entry("registry_tags", "finding"),
            Map.entry("finding_closure", "finding"),
            Map.entry("remediation_case", "remediation"), Map.entry("case_finding", "remediation"),
            Map.entry("case_command", "remediation"), Map.entry("case_exception", "remediation"),
            Map.entry("audit_event", "audit"),
            Map.entry("audit_chain_head", "audit"),
            Map.entry("notification", "notification"),
            Map.entry("ticket_link", "ticketing"), Map.entry("ticket_comment", "ticketing"),
            Map.entry("builtin_ticket", "ticketing"), Map.entry("builtin_ticket_comment", "ticketing"),
            Map.entry("ticket_webhook_delivery", "ticketing"),
            Map.entry("sweep_lock", "cluster"), Map.entry("fixline_setting", "cluster"));

    private static final Pattern STRING = Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"",
            Pattern.DOTALL);
    private static final Pattern WRITE = Pattern.compile(
            "\\b(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|MERGE\\s+INTO)\\s+([a-z_]+)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE = Pattern.compile("CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([a-z_]+)",
            Pattern.CASE_INSENSITIVE);

    @Test
    void everyTableHasAnOwner() throws IOException {
        TreeSet<String> created = new TreeSet<>();
        try (Stream<Path> migrations = Files.list(Path.of("src/main/resources/db/migration"))) {
            migrations.forEach(m -> {
                Matcher create = CREATE.matcher(read(m));
                while (create.find()) {
                    created.add(create.group(1).toLowerCase(Locale.ROOT));
                }
            });
        }
        assertThat(created).isNotEmpty();
        assertThat(OWNERS.keySet()).as("a table created without an owner here").containsAll(created);
    }

    @Test
    void tablesAreWrittenOnlyByTheModuleThatOwnsThem() throws IOException {
        List<String> trespasses = new ArrayList<>();
        int writes = 0;
        Path root = Path.of("src/main/java/dev/fixline");
        try (Stream<Path> sources = Files.walk(root)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                String module = root.relativize(source).getName(0).toString();
                Matcher string = STRING.matcher(read(source));
                while (string.find()) {
                    String text = string.group(1) != null ? string.group(1) : string.group(2);
                    Matcher write = WRITE.matcher(text);
                    while (write.find()) {
                        String table = write.group(2).toLowerCase(Locale.ROOT);
                        if (!OWNERS.containsKey(table)) {
                            continue; // an English word after "update" in a message, not a table
                        }
                        writes++;
                        if (!OWNERS.get(table).equals(module)) {
                            trespasses.add(root.relativize(source) + " writes " + table + ", owned by "
                                    + OWNERS.get(table));
                        }
                    }
                }
            }
        }
        assertThat(writes).as("writes found in the sources").isGreaterThan(40);
        assertThat(trespasses).isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
