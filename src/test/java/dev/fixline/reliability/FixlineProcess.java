package dev.fixline.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Fixline as a real separate JVM ({@code java -cp … dev.fixline.FixlineApplication}) on a real database,
 * to be killed with SIGKILL or stopped with SIGTERM like a production node. The child's classpath is this
 * test JVM's without the test classes, so no test configuration leaks into it. Its standard output and
 * error go to {@code target/reliability/{name}.log}, appended over restarts, for diagnosis.
 *
 * <p>Several processes may share one PostgreSQL database (a cluster); each gets a port of its own.
 * {@link #close()} kills the process if it still runs, so a failing test leaves nothing behind.
 */
public final class FixlineProcess implements AutoCloseable {

    /** How long a start may take on a loaded 2-core build machine. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Path LOGS = Path.of("target", "reliability");

    private final String name;
    private final NodeDatabase database;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx768m", "-XX:+UseSerialGC"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path log;
    private Process process;
    private int port;
    private int starts;
    private Duration lastStartTook;

    private FixlineProcess(String name, NodeDatabase database) {
        this.name = name;
        this.database = database;
        this.log = LOGS.resolve(name + ".log");
        // Quiet and self-contained: no samples, no inbox polling, no demo data, no outside calls.
        properties.put("fixline.samples.import-on-first-start", "false");
        properties.put("fixline.ingest.inbox.enabled", "false");
        properties.put("fixline.ownership.file", Path.of("samples", "ownership.yml").toAbsolutePath().toString());
        properties.put("logging.level.org.camunda.bpm.engine.jobexecutor", "WARN");
        properties.putAll(database.properties());
    }

    /** A node on this database; call {@link #start()} to run it. */
    public static FixlineProcess on(NodeDatabase database, String name) {
        return new FixlineProcess(name, database);
    }

    /** A Spring property for every start of this node (as a {@code --name=value} argument). */
    public FixlineProcess property(String key, Object value) {
        properties.put(key, String.valueOf(value));
        return this;
    }

    public FixlineProcess properties(Map<String, ?> values) {
        values.forEach(this::property);
        return this;
    }

    /** Starts the JVM and waits until {@code /actuator/health} answers UP. */
    public FixlineProcess start() {
        if (alive()) {
            throw new IllegalStateException(name + " is already running");
        }
        port = freePort();
        starts++;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(applicationClassPath());
        command.add("dev.fixline.FixlineApplication");
        command.add("--server.port=" + port);
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        Instant begin = Instant.now();
        try {
            Files.createDirectories(LOGS);
            Files.writeString(log, "\n===== " + name + " start #" + starts + " at " + begin + " on port " + port
                    + " =====\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .directory(database.workingDirectory().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
        awaitHealthy(begin);
        lastStartTook = Duration.between(begin, Instant.now());
        return this;
    }

    private void awaitHealthy(Instant begin) {
        Instant deadline = begin.plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; see "
                        + log.toAbsolutePath() + "\n" + logTail(40));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // the port is not open yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(Duration.ofMillis(500));
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " was not healthy after " + START_TIMEOUT + "; see " + log.toAbsolutePath()
                + "\n" + logTail(40));
    }

    /** {@code kill -9}: the JVM gets no chance to run anything (Process.destroyForcibly is SIGKILL on Unix). */
    public Stop kill9() {
        return stop(true, Duration.ofSeconds(30));
    }

    /**
     * {@code kill -TERM} (Process.destroy on Unix), as an orchestrator stops a container, then waits up to
     * {@code grace} for the JVM to exit; one still running then is killed, as the orchestrator would.
     */
    public Stop term(Duration grace) {
        return stop(false, grace);
    }

    private Stop stop(boolean forcibly, Duration wait) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        appendToLog("===== " + name + (forcibly ? " SIGKILL" : " SIGTERM") + " at " + Instant.now() + " =====");
        Instant begin = Instant.now();
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        boolean exited = waitFor(wait);
        Duration took = Duration.between(begin, Instant.now());
        if (!exited) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(30));
        }
        return new Stop(exited, exited ? process.exitValue() : -1, took);
    }

    /**
     * How a stop ended.
     *
     * @param exitedInTime the JVM exited by itself within the wait
     * @param exitCode     128 + signal for a JVM ended by a signal (137 for SIGKILL, 143 for SIGTERM)
     */
    public record Stop(boolean exitedInTime, int exitCode, Duration took) {
    }

    private boolean waitFor(Duration wait) {
        try {
            return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public String name() {
        return name;
    }

    public NodeDatabase database() {
        return database;
    }

    /** From launching the JVM to a healthy answer, for the last start. */
    public Duration lastStartTook() {
        return lastStartTook;
    }

    public Path log() {
        return log;
    }

    /** The last lines of this node's log, to put into a failure message. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Whether the node's log holds this text (since its first start). */
    public boolean logContains(String text) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void appendToLog(String line) {
        try {
            Files.writeString(log, "\n" + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // only diagnosis
        }
    }

    @Override
    public void close() {
        if (alive()) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(30));
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * This JVM's classpath, expanded from Surefire's manifest-only jar if it runs from one, without the
     * test classes: the child must be the application as shipped, with no test configuration scanned in.
     */
    static String applicationClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.addAll(expandManifest(entry));
        }
        Path testClasses = ownLocation();
        List<String> kept = entries.stream().filter(e -> !Path.of(e).toAbsolutePath().normalize().equals(testClasses))
                .toList();
        return String.join(File.pathSeparator, kept);
    }

    private static List<String> expandManifest(String entry) {
        if (!entry.endsWith(".jar") || !Path.of(entry).getFileName().toString().startsWith("surefirebooter")) {
            return List.of(entry);
        }
        try (JarFile jar = new JarFile(entry)) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null) {
                return List.of(entry);
            }
            List<String> expanded = new ArrayList<>();
            Path base = Path.of(entry).toAbsolutePath().getParent();
            for (String url : classPath.trim().split("\\s+")) {
                URI uri = new URI(url);
                expanded.add(uri.isAbsolute() ? Path.of(uri).toString() : base.resolve(uri.getPath()).toString());
            }
            return expanded;
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the classpath of " + entry, e);
        }
    }

    private static Path ownLocation() {
        try {
            return Path.of(FixlineProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
