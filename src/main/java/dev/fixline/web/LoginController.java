package dev.fixline.web;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sign-in page of the UI: the password form, and "Sign in with Microsoft" when an identity provider is
 * configured. Spring Security handles the form's POST to /login, the provider's redirects and the sign-out.
 */
@Controller
class LoginController {

    private final OidcProperties oidc;
    private final SignInLimitProperties limits;

    LoginController(OidcProperties oidc, SignInLimitProperties limits) {
        this.oidc = oidc;
        this.limits = limits;
    }

    @GetMapping("/login")
    String login(Authentication who, Model model) {
        if (who != null && !(who instanceof AnonymousAuthenticationToken)) {
            return "redirect:/";
        }
        model.addAttribute("oidcLogin", oidc.enabled() ? "/oauth2/authorization/" + OidcProperties.REGISTRATION_ID : null);
        model.addAttribute("pauseMinutes", Math.max(1, limits.window().toMinutes()));
        return "login";
    }
}
