package dev.fixline.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's answer to a request it refuses before Fixline sees it (a {@code %00}, an encoded {@code /} or
 * {@code \} in the path, an unencoded {@code [} in the query), as a problem+json instead of Tomcat's HTML page,
 * so that every error a client gets has the same shape. Answers the application wrote itself are left alone.
 * Installed as the host's error report valve by {@link ProblemReports}.
 */
public class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return; // the connection is gone: nobody reads an answer
        }
        String detail = status == 400 ? "the request was refused before it reached Fixline: its path or query holds "
                + "a character or an encoding the server does not accept (such as %00, an encoded / or \\\\, or an "
                + "unencoded [ or ])"
                : status < 500 ? "the request was refused before it reached Fixline (HTTP " + status + ")"
                : "the server could not complete the request (HTTP " + status + ")";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"about:blank\",\"title\":\"" + (status < 500 ? "Request refused" : "Server error")
                        + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
                writer.flush();
            }
        } catch (IOException | IllegalStateException e) {
            // the response cannot be written any more; the status stands
        }
    }
}
