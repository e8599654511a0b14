package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring MVC wraps an error thrown in a request into a ServletException, and Tomcat answers it with a 500 and
 * keeps the thread: the filter finds the OutOfMemoryError behind the wrapper and halts the JVM.
 */
class FatalErrorFilterTest {

    private final List<String> halted = new ArrayList<>();
    private final OncePerRequestFilter filter = FatalErrorFilter.filter(
            (error, request) -> halted.add(error.getClass().getSimpleName() + " in " + request.getRequestURI()));

    @Test
    void anOutOfMemoryErrorBehindSpringsWrapperHalts() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/sweeps");
        assertThatThrownBy(() -> filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
            throw new ServletException("Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space",
                    new OutOfMemoryError("Java heap space"));
        })).isInstanceOf(ServletException.class);
        assertThat(halted).containsExactly("OutOfMemoryError in /api/sweeps");
    }

    @Test
    void aStackOverflowAndOrdinaryFailuresAreTheRequestsOwn() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/cases");
        assertThatThrownBy(() -> filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
            throw new ServletException("deep", new StackOverflowError());
        })).isInstanceOf(ServletException.class);
        assertThatThrownBy(() -> filter.doFilter(new MockHttpServletRequest("GET", "/api/cases"),
                new MockHttpServletResponse(), (req, res) -> {
                    throw new IllegalStateException("no");
                })).isInstanceOf(IllegalStateException.class);
        assertThat(halted).isEmpty();
    }
}
