package dev.fixline.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * Pages write their links as they are. With the WebJars locator on the classpath, Thymeleaf's auto-configuration
 * adds Spring's {@code ResourceUrlEncodingFilter}, which looks every link of a page up among the static resources
 * (four class-path look-ups for each {@code /cases/{id}}) to rewrite versioned resource URLs, which Fixline does
 * not use: a dashboard of 400 case links spent about 100 ms there. A {@code /webjars/…} path without its version
 * is still resolved when it is requested, by the resource chain.
 */
@Configuration
class PageLinks {

    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> resourceUrlEncodingFilter() {
        FilterRegistrationBean<ResourceUrlEncodingFilter> off =
                new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        off.setEnabled(false);
        return off;
    }
}
