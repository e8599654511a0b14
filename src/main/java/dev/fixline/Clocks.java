package dev.fixline;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Fixline's one clock, UTC. Every module takes it as a {@link Clock}; tests that move time replace it
 * with a {@code @Primary} clock of their own that moves the engine's clock too.
 */
@Configuration(proxyBeanMethods = false)
class Clocks {

    @Bean
    Clock systemClock() {
        return Clock.systemUTC();
    }
}
