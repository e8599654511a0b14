package dev.fixline.web;

import dev.fixline.finding.Finding;
import dev.fixline.finding.FindingQuery;
import dev.fixline.finding.FindingState;
import dev.fixline.finding.FindingStore;
import dev.fixline.finding.Page;
import dev.fixline.finding.Severity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Findings, each person seeing those of their teams' repositories (see {@link FindingRights}). */
@RestController
@RequestMapping("/api/findings")
class FindingController {

    private final FindingStore store;
    private final FindingRights rights;

    FindingController(FindingStore store, FindingRights rights) {
        this.store = store;
        this.rights = rights;
    }

    @GetMapping
    Page<Finding> list(@RequestParam(required = false) String state,
                       @RequestParam(required = false) String severity,
                       @RequestParam(required = false) String repository,
                       @RequestParam(required = false) String cve,
                       @RequestParam(defaultValue = "0") int page,
                       @RequestParam(defaultValue = "" + PageParams.DEFAULT_SIZE) int size,
                       Authentication who) {
        PageParams.check(page, size);
        FindingQuery query = new FindingQuery(Params.enumValue("state", state, FindingState.class),
                severity == null ? null : Severity.parse(severity).orElseThrow(() -> new BadRequestException(
                        "severity", "'" + severity + "' is not one of Low, Medium, High, Critical")),
                repository, cve);
        return store.findings(rights.scoped(who, query), page, size);
    }

    @GetMapping("/{id}")
    Finding get(@PathVariable String id, Authentication who) {
        return rights.readable(who, store.finding(id).orElseThrow(() -> new NotFoundException("Finding", id)));
    }
}
