package dev.fixline.web;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The start page: managers and auditors go to the dashboard, everyone else to their cases. */
@Controller
class HomeController {

    @GetMapping("/")
    String home(Authentication who) {
        return Roles.seesDashboard(who) ? "redirect:/manager" : "redirect:/cases";
    }
}
