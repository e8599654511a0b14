package dev.fixline.ownership;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Maps a finding's registry and repository to its owner: the first rule whose registry and
 * repository globs match wins, else the fallback. Globs: {@code *} within one path segment,
 * {@code **} across segments, {@code ?} one character.
 */
@Service
public class OwnershipRules {

    private static final Logger log = LoggerFactory.getLogger(OwnershipRules.class);

    private final OwnershipProperties properties;
    private final RulesFile rules;

    OwnershipRules(OwnershipProperties properties) throws IOException {
        this.properties = properties;
        this.rules = load(properties);
        log.info("Loaded {} ownership rules from {}", rules.rules().size(), properties.file());
    }

    public Assignment resolve(String registryHost, String repository) {
        for (RulesFile.Rule rule : rules.rules()) {
            if (matches(rule.registry(), registryHost) && matches(rule.repository(), repository)) {
                return new Assignment(rule.owner(), rule.team(), rule.manager(), chain(rule.escalation()),
                        rule.name());
            }
        }
        RulesFile.Person fallback = rules.fallback();
        return new Assignment(fallback.owner(), fallback.team(), fallback.manager(), chain(fallback.escalation()),
                "fallback");
    }

    /** The mail address of a person named in the rules. */
    public String emailOf(String person) {
        if (person == null) {
            return null;
        }
        String contact = rules.contacts().get(person);
        if (contact != null) {
            return contact;
        }
        return person.contains("@") ? person : person + "@" + properties.emailDomain();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static List<String> chain(List<String> escalation) {
        return escalation == null ? List.of() : List.copyOf(escalation);
    }

    static boolean matches(String glob, String value) {
        if (glob == null || glob.isBlank() || "**".equals(glob)) {
            return true;
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(value).matches();
    }

    private static RulesFile load(OwnershipProperties properties) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        try (InputStream in = Files.newInputStream(properties.file())) {
            RulesFile file = yaml.readValue(in, RulesFile.class);
            return file.validated(properties.file().toString());
        } catch (IOException e) {
            throw new IOException("Cannot read the ownership rules " + properties.file().toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The YAML file's shape. */
    record RulesFile(List<Rule> rules, Person fallback, Map<String, String> contacts) {

        record Rule(String name, String registry, String repository, String owner, String team, String manager,
                    List<String> escalation) {
        }

        record Person(String owner, String team, String manager, List<String> escalation) {
        }

        /** Checks the file; a rule without a team or manager takes the fallback's. */
        RulesFile validated(String source) {
            if (fallback == null || blank(fallback.owner()) || blank(fallback.team()) || blank(fallback.manager())) {
                throw new IllegalArgumentException(source + ": a fallback with an owner, a team and a manager is "
                        + "required");
            }
            List<Rule> checked = new java.util.ArrayList<>();
            List<Rule> given = rules == null ? List.of() : rules;
            for (int i = 0; i < given.size(); i++) {
                Rule r = given.get(i);
                String name = blank(r.name()) ? "rule " + (i + 1) : r.name();
                if (blank(r.owner())) {
                    throw new IllegalArgumentException(source + ": rule " + (i + 1) + " ("
                            + (r.name() == null ? "unnamed" : r.name()) + ") has no owner");
                }
                checked.add(new Rule(name, r.registry(), r.repository(), r.owner(),
                        blank(r.team()) ? fallback.team() : r.team(),
                        blank(r.manager()) ? fallback.manager() : r.manager(), r.escalation()));
            }
            Map<String, String> lowerContacts = contacts == null ? Map.of() : contacts;
            return new RulesFile(checked, fallback, lowerContacts);
        }
    }

}
