package dev.fixline;

import dev.fixline.audit.AuditCommandLine;
import dev.fixline.limits.FatalErrors;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class FixlineApplication {

    public static void main(String[] args) {
        // Before anything starts a thread: an OutOfMemoryError must end the process, never leave it half alive.
        FatalErrors.install();
        if (AuditCommandLine.isCalledFor(args)) {
            System.exit(AuditCommandLine.run(args, System.out));
        }
        SpringApplication.run(FixlineApplication.class, args);
    }
}
