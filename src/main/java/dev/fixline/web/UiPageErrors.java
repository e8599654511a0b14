package dev.fixline.web;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * A page's refusals as pages: a case out of sight is "not found" (as the API answers), an action that is not
 * the person's is "forbidden", with the reason in plain words. Ahead of {@link ApiExceptionHandler}, which
 * answers every other controller with problem+json.
 */
@ControllerAdvice(annotations = UiPage.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class UiPageErrors {

    @ExceptionHandler(NotFoundException.class)
    String notFound(NotFoundException e, Model model, HttpServletResponse response) {
        return error(HttpServletResponse.SC_NOT_FOUND, "Not Found", e.getMessage() + ", or it is not yours to see.",
                model, response);
    }

    @ExceptionHandler(ForbiddenException.class)
    String forbidden(ForbiddenException e, Model model, HttpServletResponse response) {
        return error(HttpServletResponse.SC_FORBIDDEN, "Forbidden", "You may not do this: " + e.getMessage() + ".",
                model, response);
    }

    private static String error(int status, String error, String detail, Model model, HttpServletResponse response) {
        response.setStatus(status);
        model.addAttribute("status", status);
        model.addAttribute("error", error);
        model.addAttribute("detail", detail);
        return "error";
    }
}
