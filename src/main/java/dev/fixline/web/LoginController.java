package dev.fixline.web;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page of the UI; Spring Security handles the form's POST to /login and the sign-out. */
@Controller
class LoginController {

    @GetMapping("/login")
    String login(Authentication who) {
        return who != null && !(who instanceof AnonymousAuthenticationToken) ? "redirect:/" : "login";
    }
}
