package dev.fixline.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Users of the embedded default, with encoded passwords ({bcrypt}…). Roles: OWNER, MANAGER,
 * AUDITOR, ADMIN. Teams (as the ownership rules name them): an owner acts on and sees the cases of
 * their teams, a manager those of the teams they manage.
 */
@ConfigurationProperties("fixline.security")
public record SecurityProperties(@DefaultValue List<User> users) {

    public record User(String name, String password, List<String> roles, List<String> teams) {

        public User {
            roles = roles == null ? List.of() : List.copyOf(roles);
            teams = teams == null ? List.of() : List.copyOf(teams);
        }
    }

    /**
     * The teams of a configured user; none for anyone else, such as a person signed in with the identity
     * provider.
     *
     * @deprecated a person's teams come with their sign-in: use {@code Teams.of(Authentication)}
     */
    @Deprecated(forRemoval = true)
    public List<String> teamsOf(String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst().map(User::teams).orElse(List.of());
    }
}
