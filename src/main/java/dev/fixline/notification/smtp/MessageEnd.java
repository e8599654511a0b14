package dev.fixline.notification.smtp;

import java.io.IOException;

/**
 * Work to do just before an SMTP message becomes final: after its whole content went to the server and
 * before the end-of-data line that makes the server accept it. Whatever is committed there is committed
 * exactly when the mail goes out: a process killed before that point has sent nothing (a server drops a
 * message whose connection ends before its last line), and one killed after it has recorded the mail.
 *
 * <p>The work runs on the sending thread, once per {@link #sendWith} call. If it throws, the message is
 * withdrawn: the transport drops the connection before the end-of-data line.
 */
public final class MessageEnd {

    private static final ThreadLocal<Runnable> BEFORE_END = new ThreadLocal<>();

    private MessageEnd() {
    }

    /** Runs {@code send}; a message it sends through Fixline's transports runs {@code beforeEnd} first. */
    public static void sendWith(Runnable beforeEnd, Runnable send) {
        BEFORE_END.set(beforeEnd);
        try {
            send.run();
        } finally {
            BEFORE_END.remove();
        }
    }

    /** Called by the transports right before the end-of-data line. */
    static void reached() throws IOException {
        Runnable work = BEFORE_END.get();
        if (work == null) {
            return;
        }
        BEFORE_END.remove();
        try {
            work.run();
        } catch (RuntimeException e) {
            // An IOException makes the transport close the connection without ending the message.
            throw new IOException("message withdrawn before its end: " + e.getMessage(), e);
        }
    }
}
