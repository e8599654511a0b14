package dev.fixline.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An OutOfMemoryError ends the process (issue 11: Tomcat's acceptor died of one and the JVM stayed up, answering
 * nothing). Proven in a separate JVM that really runs out of memory in one thread while another keeps it alive.
 */
class FatalErrorsTest {

    @Test
    void withTheHandlerAnOutOfMemoryErrorInAnyThreadEndsTheJvmWithStatusThree() throws Exception {
        Process jvm = victim("handler");
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).as("the JVM ended").isTrue();
        String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(jvm.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.exitValue()).as(err).isEqualTo(FatalErrors.EXIT_STATUS);
        assertThat(err).contains("Fixline: fatal JVM error, halting so that the process is restarted: "
                + "java.lang.OutOfMemoryError").contains("(in thread acceptor)");
        assertThat(out).as("nothing ran after it").doesNotContain("still alive");
    }

    @Test
    void withoutItTheJvmLivesOnHalfDead() throws Exception {
        Process jvm = victim("none");
        try {
            // The main thread says so once the thread that ran out of memory has died; the keeper thread stays.
            String said = "still alive after the OutOfMemoryError";
            String line = new String(jvm.getInputStream().readNBytes(said.length()), StandardCharsets.UTF_8);
            assertThat(line).isEqualTo(said);
            assertThat(jvm.isAlive()).isTrue();
        } finally {
            jvm.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void anyOtherUncaughtErrorIsPrintedAsTheJvmWouldAndHaltsNothing() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<Integer> halts = new ArrayList<>();
        Thread.UncaughtExceptionHandler handler = FatalErrors.handler(halts::add, new PrintStream(err, true,
                StandardCharsets.UTF_8));
        handler.uncaughtException(new Thread("worker"), new IllegalStateException("bad state"));
        assertThat(halts).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Exception in thread \"worker\" "
                + "java.lang.IllegalStateException: bad state");

        handler.uncaughtException(new Thread("poller"), new RuntimeException("wrapped",
                new OutOfMemoryError("Java heap space")));
        assertThat(halts).as("a JVM error behind a wrapper halts too").containsExactly(FatalErrors.EXIT_STATUS);
    }

    private static Process victim(String mode) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), OutOfMemoryVictim.class.getName(), mode).start();
    }
}
