package dev.fixline.web;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The case page, for everyone who may read the case (as the API's {@code GET /api/cases/{id}}). */
@Controller
@UiPage
class CasePageController {

    private final CasePage page;

    CasePageController(CasePage page) {
        this.page = page;
    }

    @GetMapping("/cases/{id}")
    String show(@PathVariable String id, Authentication who, Model model) {
        return page.show(page.readable(id, who), who, model);
    }
}
