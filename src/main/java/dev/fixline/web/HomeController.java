package dev.fixline.web;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The start page: managers go to their dashboard; the owner and auditor pages are still to come. */
@Controller
class HomeController {

    @GetMapping("/")
    String home(Authentication who) {
        return Roles.isManager(who) ? "redirect:/manager" : "home";
    }
}
