package dev.fixline.web;

import dev.fixline.remediation.CaseExceptions;
import dev.fixline.remediation.CaseReassignments;
import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.ExceptionRequestInvalidException;
import dev.fixline.remediation.NotAnApproverException;
import dev.fixline.remediation.ReassignmentInvalidException;
import dev.fixline.remediation.RemediationCases;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The forms of the case page, each doing what its API twin does, with the same checks and rights. A form
 * the server refuses comes back beside its field with what was typed (400), and nothing changes; a form
 * that arrives too late (decided meanwhile, the case moved on) says so on the case page (post/redirect/get).
 */
@Controller
@UiPage
@RequestMapping("/cases/{id}")
class CaseForms {

    static final int MAX_TEXT = CaseExceptionController.MAX_TEXT;

    /** A form the server refused: which form, the input at fault, why. */
    record FormError(String form, String field, String message) {
    }

    /** One action: checks its input (throwing {@link BadRequestException}) and carries it out. */
    private interface Action {
        String run(CaseView c);
    }

    private final RemediationCases cases;
    private final CaseRights rights;
    private final CasePage page;

    CaseForms(RemediationCases cases, CaseRights rights, CasePage page) {
        this.cases = cases;
        this.rights = rights;
        this.page = page;
    }

    @PostMapping("/fixed")
    String fixed(@PathVariable String id, @RequestParam Map<String, String> form, Authentication who, Model model,
                 RedirectAttributes redirect, HttpServletResponse response) {
        return act("fixed", id, form, who, model, redirect, response, c -> {
            String comment = Texts.optional("comment", form.get("comment"), MAX_TEXT);
            String digest = Texts.optional("digest", form.get("digest"), 256);
            rights.mayAct(who, c, "say it is fixed:");
            cases.markFixed(id, who.getName(), comment, digest);
            return "Marked fixed. The case closes by itself when the next rescan shows the fixed version.";
        });
    }

    @PostMapping("/exception-request")
    String requestException(@PathVariable String id, @RequestParam Map<String, String> form, Authentication who,
                            Model model, RedirectAttributes redirect, HttpServletResponse response) {
        return act("exception", id, form, who, model, redirect, response, c -> {
            String reason = Texts.required("reason", form.get("reason"), MAX_TEXT,
                    "say why the fix waits, for the approver and the auditors");
            String control = Texts.optional("compensatingControl", form.get("compensatingControl"), MAX_TEXT);
            Instant until = day("expiresAt", form.get("expiresAt"));
            rights.mayAct(who, c, "ask for an exception on");
            try {
                cases.requestException(id, who.getName(), new CaseExceptions.Request(reason, control, until));
            } catch (ExceptionRequestInvalidException e) {
                throw new BadRequestException(e.field(), e.getMessage());
            }
            return "Exception requested. The approvers are asked; the SLA clock runs until one approves.";
        });
    }

    @PostMapping("/false-positive")
    String falsePositive(@PathVariable String id, @RequestParam Map<String, String> form, Authentication who,
                         Model model, RedirectAttributes redirect, HttpServletResponse response) {
        return act("falsePositive", id, form, who, model, redirect, response, c -> {
            String reason = Texts.required("reason", form.get("reason"), MAX_TEXT,
                    "say why the scanner is wrong, for the approver and the auditors");
            rights.mayAct(who, c, "claim a false positive on");
            cases.claimFalsePositive(id, who.getName(), reason);
            return "False positive claimed. The security approvers decide.";
        });
    }

    @PostMapping("/reassign")
    String reassign(@PathVariable String id, @RequestParam Map<String, String> form, Authentication who,
                    Model model, RedirectAttributes redirect, HttpServletResponse response) {
        return act("reassign", id, form, who, model, redirect, response, c -> {
            String owner = Texts.optional("owner", form.get("owner"), 256);
            String team = Texts.optional("team", form.get("team"), 256);
            if (owner == null && team == null) {
                throw new BadRequestException("owner", "name the new owner, the team, or both");
            }
            String reason = Texts.required("reason", form.get("reason"), MAX_TEXT,
                    "say why, for the new owner and the auditors");
            rights.mayAct(who, c, "reassign");
            try {
                CaseView moved = cases.reassign(id, who.getName(), new CaseReassignments.Target(owner, team), reason);
                return "Reassigned to " + (moved.owner() == null ? "team " + moved.team() : moved.owner()) + ".";
            } catch (ReassignmentInvalidException e) {
                throw new BadRequestException(e.field(), e.getMessage());
            }
        });
    }

    @PostMapping("/exception-revocation")
    String revoke(@PathVariable String id, @RequestParam Map<String, String> form, Authentication who, Model model,
                  RedirectAttributes redirect, HttpServletResponse response) {
        return act("revoke", id, form, who, model, redirect, response, c -> {
            String reason = Texts.required("reason", form.get("reason"), MAX_TEXT, "say why the exception ends early");
            rights.mayAct(who, c, "revoke the exception on");
            cases.revokeException(id, who.getName(), reason);
            return "Exception revoked. The SLA clock runs again with the time that was left.";
        });
    }

    @PostMapping("/exception-decision")
    String decideException(@PathVariable String id, @RequestParam Map<String, String> form, Authentication who,
                           Model model, RedirectAttributes redirect, HttpServletResponse response) {
        return act("decideException", id, form, who, model, redirect, response, c -> {
            boolean approved = choice(form.get("decision"), "approve", "refuse");
            String reason = Texts.required("reason", form.get("reason"), MAX_TEXT,
                    "a decision needs a reason, for the owner and the auditors");
            decide(() -> cases.decideException(id, who.getName(), Roles.isAdmin(who), approved, reason));
            return approved ? "Exception approved." : "Exception refused.";
        });
    }

    @PostMapping("/false-positive-decision")
    String decideFalsePositive(@PathVariable String id, @RequestParam Map<String, String> form, Authentication who,
                               Model model, RedirectAttributes redirect, HttpServletResponse response) {
        return act("decideFalsePositive", id, form, who, model, redirect, response, c -> {
            boolean confirmed = choice(form.get("decision"), "confirm", "reject");
            String reason = Texts.required("reason", form.get("reason"), MAX_TEXT,
                    "a decision needs a reason, for the owner and the auditors");
            decide(() -> cases.decideFalsePositive(id, who.getName(), Roles.isAdmin(who), confirmed, reason));
            return confirmed ? "False positive confirmed: the finding is suppressed and the case closed."
                    : "False positive rejected: the case goes back to its owner.";
        });
    }

    private String act(String formName, String id, Map<String, String> form, Authentication who, Model model,
                       RedirectAttributes redirect, HttpServletResponse response, Action action) {
        CaseView c = page.readable(id, who);
        try {
            redirect.addFlashAttribute("notice", action.run(c));
        } catch (BadRequestException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("form", form);
            model.addAttribute("formError", new FormError(formName, e.parameter(), e.getMessage()));
            return page.show(c, who, model);
        } catch (IllegalStateException | NoSuchElementException e) {
            // The case moved on meanwhile: decided in another tab, closed by a rescan, …
            redirect.addFlashAttribute("problem", "Nothing was changed: " + e.getMessage() + ".");
        }
        return "redirect:/cases/" + c.id();
    }

    private static void decide(Runnable decision) {
        try {
            decision.run();
        } catch (NotAnApproverException e) {
            throw new ForbiddenException(e.getMessage());
        }
    }

    private static boolean choice(String value, String yes, String no) {
        if (yes.equals(value)) {
            return true;
        }
        if (no.equals(value)) {
            return false;
        }
        throw new BadRequestException("decision", "choose " + capital(yes) + " or " + capital(no));
    }

    private static String capital(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    /** A day from the date picker, read as the API reads a date: midnight UTC at its start. */
    private static Instant day(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new BadRequestException(field, "required: the day the exception ends");
        }
        try {
            return LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field, "not a date (2027-03-01): '"
                    + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'");
        }
    }
}
