package dev.fixline.web;

import dev.fixline.ticketing.TrackerRejectedException;
import dev.fixline.ticketing.TrackerUnavailableException;
import dev.fixline.finding.FindingStoreBusyException;
import dev.fixline.finding.StaleSweepException;
import dev.fixline.ingest.SweepRejectedException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Errors as RFC 9457 problem details ({@code application/problem+json}) that name what is wrong. */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final ApiProperties properties;

    ApiExceptionHandler(ApiProperties properties) {
        this.properties = properties;
    }

    @ExceptionHandler(SweepRejectedException.class)
    ProblemDetail rejected(SweepRejectedException e) {
        log.warn("Sweep rejected: {}", e.getMessage());
        // Past a size limit (fixline.limits.*) is 413; anything else the input says is 400.
        ProblemDetail p = ProblemDetail.forStatusAndDetail(e.tooLarge() ? HttpStatus.PAYLOAD_TOO_LARGE
                : HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle(e.tooLarge() ? "Sweep too large" : "Sweep rejected");
        p.setType(URI.create("https://fixline.dev/problems/sweep-rejected"));
        p.setProperty("row", e.row());
        if (e.field() != null) {
            p.setProperty("field", e.field());
        }
        if (e.limit() != null) {
            p.setProperty("limit", e.limit());
        }
        return p;
    }

    /** A multipart body the container cannot take apart (too many parts, a malformed boundary). */
    @ExceptionHandler(MultipartException.class)
    ProblemDetail multipart(MultipartException e) {
        Throwable cause = e.getMostSpecificCause();
        log.warn("Multipart upload refused: {}: {}", cause.getClass().getSimpleName(), cause.getMessage());
        if (cause.getClass().getSimpleName().startsWith("FileCountLimitExceeded")) {
            // Tomcat's own count of parts; its message says only "attachment"
            ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, "the upload has more "
                    + "parts than server.tomcat.max-part-count allows; import the pages in fewer, larger files");
            p.setTitle("Upload too large");
            p.setProperty("limit", "server.tomcat.max-part-count");
            return p;
        }
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the multipart/form-data body "
                + "cannot be read: " + cause.getMessage());
        p.setTitle("Unreadable upload");
        return p;
    }

    @ExceptionHandler(StaleSweepException.class)
    ProblemDetail stale(StaleSweepException e) {
        log.warn("Sweep refused: {}", e.getMessage());
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        p.setTitle("Sweep already superseded");
        p.setType(URI.create("https://fixline.dev/problems/stale-sweep"));
        return p;
    }

    @ExceptionHandler(BadRequestException.class)
    ProblemDetail badRequest(BadRequestException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle("Invalid request parameter");
        p.setProperty("parameter", e.parameter());
        return p;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                e.getName() + ": '" + e.getValue() + "' is not a valid value");
        p.setTitle("Invalid request parameter");
        p.setProperty("parameter", e.getName());
        return p;
    }

    /**
     * Another sweep held the finding store for longer than the database waits: nothing was applied, and
     * {@code Retry-After} says when to send it again.
     */
    @ExceptionHandler({FindingStoreBusyException.class, PessimisticLockingFailureException.class})
    ResponseEntity<ProblemDetail> busy(RuntimeException e) {
        log.warn("Sweep not applied, the finding store is busy: {}", e.getMessage());
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "another sweep is being applied; nothing of this one was applied, send it again in "
                        + properties.retryAfterSeconds() + " seconds");
        p.setTitle("Busy");
        p.setType(URI.create("https://fixline.dev/problems/busy"));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, properties.retryAfterSeconds())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        p.setTitle("Not possible now");
        return p;
    }

    @ExceptionHandler(ForbiddenException.class)
    ProblemDetail forbidden(ForbiddenException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        p.setTitle("Not yours to do");
        return p;
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        p.setTitle("Not found");
        return p;
    }

    /** The tracker (Jira) could not be reached or refused: nothing was changed on Fixline's side. */
    @ExceptionHandler({TrackerUnavailableException.class, TrackerRejectedException.class})
    ProblemDetail tracker(RuntimeException e) {
        log.warn("Ticket tracker call failed: {}", e.getMessage());
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, e.getMessage());
        p.setTitle("Ticket tracker failed");
        return p;
    }
}
