package dev.fixline.ownership;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param file the YAML ownership rules
 * @param emailDomain the domain of people the file lists without an address under {@code contacts}
 * @param reloadInterval how often the file's modification time and size are checked for a change
 */
@ConfigurationProperties("fixline.ownership")
public record OwnershipProperties(@DefaultValue("samples/ownership.yml") Path file,
                                  @DefaultValue("localhost") String emailDomain,
                                  @DefaultValue("PT30S") Duration reloadInterval) {
}
