package dev.fixline.limits;

import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The application's JSON (request bodies, exports) is read within {@link InputLimits}. */
@Configuration
class JsonLimitsConfiguration {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer jsonReadLimits(InputLimits limits) {
        return builder -> builder.postConfigurer(mapper -> mapper.getFactory().setStreamReadConstraints(limits.json()));
    }
}
