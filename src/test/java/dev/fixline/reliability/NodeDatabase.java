package dev.fixline.reliability;

import dev.fixline.TestInfrastructure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The database a {@link FixlineProcess} runs on, and the folder it runs in.
 *
 * <ul>
 *   <li>{@link #h2(String)}: the embedded default exactly as shipped. No datasource property is set, so
 *   the node uses {@code application.yml}'s H2 URL, which resolves {@code ./data/fixline} inside a fresh
 *   temporary folder. Only one node at a time can open it.</li>
 *   <li>{@link #freshPostgres(String)}: a new database of its own on the shared embedded PostgreSQL, so
 *   scenarios never see each other's data. Any number of nodes may share it.</li>
 * </ul>
 */
public final class NodeDatabase {

    private final String label;
    private final Path workingDirectory;
    private final Map<String, String> properties;
    private final String jdbcUrl;
    private final String user;

    private NodeDatabase(String label, Path workingDirectory, Map<String, String> properties, String jdbcUrl,
                         String user) {
        this.label = label;
        this.workingDirectory = workingDirectory;
        this.properties = properties;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
    }

    /**
     * The shipped H2 file database, in a new folder under {@code target/reliability}. {@code -Dcrash.h2-url}
     * replaces the shipped URL, for instance to show what an older one loses on {@code kill -9}.
     */
    public static NodeDatabase h2(String scenario) {
        Path dir = newFolder(scenario);
        String url = System.getProperty("crash.h2-url", "");
        return new NodeDatabase("H2", dir, url.isBlank() ? Map.of() : Map.of("spring.datasource.url", url),
                "jdbc:h2:file:" + dir.resolve("data").resolve("fixline").toAbsolutePath() + ";AUTO_SERVER=FALSE", "sa");
    }

    /** A new, empty database on the shared embedded PostgreSQL. */
    public static NodeDatabase freshPostgres(String scenario) {
        EmbeddedPostgres pg = TestInfrastructure.postgres();
        String name = ("crash_" + scenario + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        String url = pg.getJdbcUrl("postgres", name);
        return new NodeDatabase("PostgreSQL", newFolder(scenario), Map.of(
                "spring.datasource.url", url,
                "spring.datasource.username", "postgres",
                "spring.datasource.password", ""), url, "postgres");
    }

    private static Path newFolder(String scenario) {
        try {
            Path parent = Files.createDirectories(Path.of("target", "reliability", "nodes"));
            return Files.createTempDirectory(parent.toAbsolutePath(), scenario + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code H2} or {@code PostgreSQL}. */
    public String label() {
        return label;
    }

    public boolean h2() {
        return "H2".equals(label);
    }

    Path workingDirectory() {
        return workingDirectory;
    }

    /** The datasource properties a node needs (none for H2: the default is what is under test). */
    Map<String, String> properties() {
        return properties;
    }

    /**
     * A connection for checks, as an administrator would open one. On H2 only while no node runs (the
     * file is locked while it is open).
     */
    public Connection connect() {
        try {
            return DriverManager.getConnection(jdbcUrl, user, "");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + jdbcUrl, e);
        }
    }
}
