package dev.fixline.ownership;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param file the YAML ownership rules
 * @param emailDomain the domain of people the file lists without an address under {@code contacts}
 */
@ConfigurationProperties("fixline.ownership")
public record OwnershipProperties(@DefaultValue("samples/ownership.yml") Path file,
                                  @DefaultValue("localhost") String emailDomain) {
}
