package dev.fixline.web;

import dev.fixline.limits.FatalErrors;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.BiConsumer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request that ran into an {@link OutOfMemoryError} halts the JVM ({@link FatalErrors}). Spring MVC and Tomcat
 * turn an error thrown in a request into a 500 and keep the thread, so the JVM's uncaught-exception handler
 * never sees it, and the process would go on half alive. A {@link StackOverflowError} is the request's own: its
 * thread unwinds, and the answer is a 500.
 */
@Configuration
class FatalErrorFilter {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> fatalErrorHalt() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                filter((error, request) -> FatalErrors.halt(error, "request " + request.getMethod() + " "
                        + request.getRequestURI())));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
    }

    static OncePerRequestFilter filter(BiConsumer<VirtualMachineError, HttpServletRequest> halt) {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                try {
                    chain.doFilter(request, response);
                } catch (ServletException | IOException | RuntimeException | Error e) {
                    VirtualMachineError fatal = FatalErrors.fatal(e);
                    if (fatal != null && !(fatal instanceof StackOverflowError)) {
                        halt.accept(fatal, request);
                    }
                    throw e;
                }
            }
        };
    }
}
