package dev.fixline.web;

import dev.fixline.remediation.CaseException;
import dev.fixline.remediation.CaseExceptions;
import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.ExceptionRequestInvalidException;
import dev.fixline.remediation.NotAnApproverException;
import dev.fixline.remediation.RemediationCases;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.NoSuchElementException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Exceptions on a case: the request (or extension), the approver's decision, the revocation, the history. */
@RestController
@RequestMapping("/api/cases/{id}")
class CaseExceptionController {

    static final int MAX_TEXT = 2000;

    private final RemediationCases cases;
    private final CaseRights rights;

    CaseExceptionController(RemediationCases cases, CaseRights rights) {
        this.cases = cases;
        this.rights = rights;
    }

    record ExceptionRequestBody(String reason, String compensatingControl, String expiresAt) {
    }

    /** Asks for an exception until {@code expiresAt}; while one runs, asks to extend it. */
    @PostMapping("/exception-requests")
    ResponseEntity<CaseException> request(@PathVariable String id, @RequestBody ExceptionRequestBody body,
                                          Authentication who) {
        String reason = Texts.required("reason", body.reason(), MAX_TEXT, "say why the fix waits, for the approver "
                + "and the auditors");
        String control = Texts.optional("compensatingControl", body.compensatingControl(), MAX_TEXT);
        Instant expiresAt = instant("expiresAt", body.expiresAt());
        CaseView c = cases.find(id).orElseThrow(() -> new NotFoundException("Case", id));
        rights.mayAct(who, c, "ask for an exception on");
        try {
            CaseException e = cases.requestException(id, who.getName(), new CaseExceptions.Request(reason, control,
                    expiresAt));
            return ResponseEntity.created(URI.create("/api/cases/" + id + "/exceptions")).body(e);
        } catch (ExceptionRequestInvalidException e) {
            throw new BadRequestException(e.field(), e.getMessage());
        } catch (IllegalStateException e) {
            throw new ConflictException(e.getMessage());
        }
    }

    record Decision(Boolean approved, String reason) {
    }

    /** An approver approves or refuses the request waiting on the case; never the person who asked. */
    @PostMapping("/exception-decision")
    ResponseEntity<Void> decide(@PathVariable String id, @RequestBody Decision decision, Authentication who) {
        if (decision.approved() == null) {
            throw new BadRequestException("approved", "say true to approve the exception or false to refuse it");
        }
        String reason = Texts.required("reason", decision.reason(), MAX_TEXT, "a decision needs a reason, for the "
                + "owner and the auditors");
        try {
            cases.decideException(id, who.getName(), Roles.isAdmin(who), decision.approved(), reason);
        } catch (NoSuchElementException e) {
            throw new NotFoundException("Case", id);
        } catch (NotAnApproverException e) {
            throw new ForbiddenException(e.getMessage());
        } catch (IllegalStateException e) {
            throw new ConflictException(e.getMessage());
        }
        return ResponseEntity.noContent().build();
    }

    record Revocation(String reason) {
    }

    /**
     * Ends the running exception early: the SLA clock runs again with the time that was left. The case's
     * owner, a manager or an administrator.
     */
    @PostMapping("/exception-revocation")
    CaseView revoke(@PathVariable String id, @RequestBody Revocation body, Authentication who) {
        String reason = Texts.required("reason", body.reason(), MAX_TEXT, "say why the exception ends early");
        CaseView c = cases.find(id).orElseThrow(() -> new NotFoundException("Case", id));
        rights.mayAct(who, c, "revoke the exception on");
        try {
            cases.revokeException(id, who.getName(), reason);
        } catch (IllegalStateException e) {
            throw new ConflictException(e.getMessage());
        }
        return cases.find(id).orElseThrow();
    }

    /** Every exception asked for on the case, oldest first, with its decision and end. */
    @GetMapping("/exceptions")
    List<CaseException> exceptions(@PathVariable String id, Authentication who) {
        rights.readable(who, cases.find(id).orElseThrow(() -> new NotFoundException("Case", id)));
        return cases.exceptions(id).orElseThrow(() -> new NotFoundException("Case", id));
    }

    /** An ISO-8601 instant ({@code 2027-03-01T00:00:00Z}) or a date ({@code 2027-03-01}: midnight UTC). */
    private static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new BadRequestException(field, "required: until when, as an ISO-8601 instant "
                    + "(2027-03-01T00:00:00Z) or a date (2027-03-01, midnight UTC)");
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field, "not an ISO-8601 instant or date: '"
                    + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'");
        }
    }
}
