package dev.fixline.limits;

import java.io.PrintStream;
import java.util.function.IntConsumer;

/**
 * An {@link OutOfMemoryError} (or another {@link VirtualMachineError}) ends the process: a JVM that lost a thread
 * to one, such as Tomcat's acceptor, stays alive answering nothing until someone restarts it (issue 11). Run with
 * {@code -XX:+ExitOnOutOfMemoryError} (docs: operations.md), which ends it at the first one wherever it is
 * thrown; this is the net below that flag, for a JVM started without it: an error no code caught, and one a
 * request ran into ({@code web.FatalErrorFilter}), halt the JVM with {@value #EXIT_STATUS}, the status the flag
 * gives, so that the service manager or the container restarts it.
 */
public final class FatalErrors {

    /** The status {@code -XX:+ExitOnOutOfMemoryError} ends the JVM with. */
    public static final int EXIT_STATUS = 3;
    /** Made before it is needed: after an OutOfMemoryError even a message may not find memory. */
    private static final String HALTING = "Fixline: fatal JVM error, halting so that the process is restarted: ";

    private FatalErrors() {
    }

    /** Installs the handler for errors no code caught, in every thread: call it first thing in {@code main}. */
    public static void install() {
        Thread.setDefaultUncaughtExceptionHandler(handler(Runtime.getRuntime()::halt, System.err));
    }

    /** The handler, halting through {@code halt}: a JVM error halts, anything else is printed as the JVM would. */
    static Thread.UncaughtExceptionHandler handler(IntConsumer halt, PrintStream err) {
        return (thread, error) -> {
            VirtualMachineError fatal = fatal(error);
            if (fatal != null) {
                halt(fatal, "thread " + thread.getName(), halt, err);
                return;
            }
            err.print("Exception in thread \"" + thread.getName() + "\" ");
            error.printStackTrace(err);
        };
    }

    /** The JVM error that {@code error} is or was caused by (frameworks wrap them), or null. */
    public static VirtualMachineError fatal(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof VirtualMachineError e) {
                return e;
            }
        }
        return null;
    }

    /** Says why on stderr, then halts the JVM: no shutdown hook runs, since none can be trusted to finish now. */
    public static void halt(VirtualMachineError error, String where) {
        halt(error, where, Runtime.getRuntime()::halt, System.err);
    }

    static void halt(VirtualMachineError error, String where, IntConsumer halt, PrintStream err) {
        try {
            err.println(HALTING + error + " (in " + where + ")");
            err.flush();
        } catch (Throwable ignored) {
            // nothing more can be said; the halt matters
        } finally {
            halt.accept(EXIT_STATUS);
        }
    }
}
