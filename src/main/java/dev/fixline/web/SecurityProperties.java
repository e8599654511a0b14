package dev.fixline.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Users of the embedded default, with encoded passwords ({bcrypt}…). Roles: OWNER, MANAGER,
 * AUDITOR, ADMIN.
 */
@ConfigurationProperties("fixline.security")
public record SecurityProperties(@DefaultValue List<User> users) {

    public record User(String name, String password, List<String> roles) {
    }
}
