package dev.fixline.notification.smtp;

import java.io.IOException;

/**
 * Work to do around the end of an SMTP message: just before the end-of-data line that makes the server
 * accept it (after its whole content went out), and just after the server accepted it. What is committed
 * before the end is committed exactly when the mail is handed over: a process killed before that point has
 * sent nothing (a server drops a message whose connection ends before its last line).
 *
 * <p>The work runs on the sending thread, once per {@link #sendWith} call. If the work before the end
 * throws, the message is withdrawn: the transport drops the connection before the end-of-data line.
 */
public final class MessageEnd {

    private record Work(Runnable beforeEnd, Runnable afterAccepted) {
    }

    private static final ThreadLocal<Work> WORK = new ThreadLocal<>();

    private MessageEnd() {
    }

    /** Runs {@code send}; a message it sends through Fixline's transports runs the two steps around its end. */
    public static void sendWith(Runnable beforeEnd, Runnable afterAccepted, Runnable send) {
        WORK.set(new Work(beforeEnd, afterAccepted));
        try {
            send.run();
        } finally {
            WORK.remove();
        }
    }

    /** Called by the transports right before the end-of-data line. */
    static void reached() throws IOException {
        Work work = WORK.get();
        if (work != null) {
            run(work.beforeEnd(), "message withdrawn before its end");
        }
    }

    /** Called by the transports once the server accepted the message. */
    static void accepted() throws IOException {
        Work work = WORK.get();
        if (work != null) {
            WORK.remove(); // once per message
            run(work.afterAccepted(), "message accepted, but not recorded as sent");
        }
    }

    private static void run(Runnable step, String what) throws IOException {
        try {
            step.run();
        } catch (RuntimeException e) {
            // An IOException makes the transport close the connection (before the end: the message is dropped).
            throw new IOException(what + ": " + e.getMessage(), e);
        }
    }
}
