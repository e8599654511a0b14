package dev.fixline.web;

import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.NotAnApproverException;
import dev.fixline.remediation.RemediationCases;
import java.util.NoSuchElementException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A claim that a case's finding is a false positive, and a security approver's decision on it. */
@RestController
@RequestMapping("/api/cases/{id}")
class FalsePositiveController {

    private final RemediationCases cases;
    private final CaseRights rights;

    FalsePositiveController(RemediationCases cases, CaseRights rights) {
        this.cases = cases;
        this.rights = rights;
    }

    record Claim(String reason) {
    }

    /** The owner says the finding is a false positive, with why; the security approvers decide. */
    @PostMapping("/false-positive")
    ResponseEntity<CaseView> claim(@PathVariable String id, @RequestBody Claim body, Authentication who) {
        String reason = Texts.required("reason", body.reason(), CaseExceptionController.MAX_TEXT,
                "say why the scanner is wrong, for the approver and the auditors");
        CaseView c = cases.find(id).orElseThrow(() -> new NotFoundException("Case", id));
        rights.mayAct(who, c, "claim a false positive on");
        try {
            cases.claimFalsePositive(id, who.getName(), reason);
        } catch (IllegalStateException e) {
            throw new ConflictException(e.getMessage());
        }
        return ResponseEntity.accepted().body(cases.find(id).orElseThrow());
    }

    record Decision(Boolean approved, String reason) {
    }

    /** A security approver confirms (suppresses the finding, closes the case) or rejects the claim. */
    @PostMapping("/false-positive-decision")
    ResponseEntity<Void> decide(@PathVariable String id, @RequestBody Decision decision, Authentication who) {
        if (decision.approved() == null) {
            throw new BadRequestException("approved", "say true to confirm the false positive or false to reject it");
        }
        String reason = Texts.required("reason", decision.reason(), CaseExceptionController.MAX_TEXT,
                "a decision needs a reason, for the owner and the auditors");
        try {
            cases.decideFalsePositive(id, who.getName(), Roles.isAdmin(who), decision.approved(), reason);
        } catch (NoSuchElementException e) {
            throw new NotFoundException("Case", id);
        } catch (NotAnApproverException e) {
            throw new ForbiddenException(e.getMessage());
        } catch (IllegalStateException e) {
            throw new ConflictException(e.getMessage());
        }
        return ResponseEntity.noContent().build();
    }
}
