package dev.fixline.ownership;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Maps a finding's location to its owner with the rules file (see docs/configuration.md): the first rule,
 * in priority order, whose conditions all match wins, else the unowned queue.
 *
 * <p>The file is re-read when it changes. A new file is parsed and validated whole before it replaces the
 * rules in force, in one step; an invalid one leaves them in force and is reported.
 */
@Service
public class OwnershipRules {

    private static final Logger log = LoggerFactory.getLogger(OwnershipRules.class);

    /** The file's modification time and size when it was last read; null parts when it was missing. */
    private record Stamp(FileTime modified, long size) {

        static Stamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(a.lastModifiedTime(), a.size());
            } catch (NoSuchFileException e) {
                return new Stamp(null, -1);
            } catch (IOException e) {
                // Unreadable attributes count as a change, so that the read reports the actual fault.
                return new Stamp(null, -2);
            }
        }
    }

    /** Everything readers see, replaced as one value so that rules, time and error always agree. */
    private record State(RuleSet rules, Instant loadedAt, Stamp seen, RulesError lastError) {
    }

    private final OwnershipProperties properties;
    private final Clock clock;
    private final AtomicReference<State> state = new AtomicReference<>();

    /** Without a valid file at startup there are no earlier rules to keep, so startup fails. */
    public OwnershipRules(OwnershipProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        Stamp stamp = Stamp.of(properties.file());
        try {
            RuleSet rules = RulesFileReader.read(properties.file());
            state.set(new State(rules, this.clock.instant(), stamp, null));
        } catch (RulesFileException e) {
            throw new IllegalStateException("Cannot read the ownership rules " + properties.file().toAbsolutePath()
                    + where(e.line()) + ": " + e.reason(), e);
        }
        log.info("Loaded {} ownership rules from {}", state.get().rules().rules().size(), properties.file());
    }

    public Assignment resolve(OwnershipQuery query) {
        return state.get().rules().resolve(query);
    }

    /** For callers that know only the registry and the repository; rules on anything else do not match. */
    public Assignment resolve(String registryHost, String repository) {
        return resolve(OwnershipQuery.of(registryHost, repository));
    }

    /**
     * A team's owner and manager as the rules name them: the first rule (in file order) that assigns the team,
     * else the unowned queue if it is that team's; empty when no rule names the team.
     */
    public java.util.Optional<Assignment> team(String team) {
        return state.get().rules().team(team);
    }

    /** The mail address of a person named in the rules. */
    public String emailOf(String person) {
        if (person == null) {
            return null;
        }
        String contact = state.get().rules().contacts().get(person);
        if (contact != null) {
            return contact;
        }
        return person.contains("@") ? person : person + "@" + properties.emailDomain();
    }

    /**
     * The Fixline person behind a mail address (the reverse of {@link #emailOf}): the contact with that
     * address, else the local part when the address is in the default mail domain, else the address itself.
     */
    public String personOf(String email) {
        if (email == null || !email.contains("@")) {
            return email;
        }
        for (var contact : state.get().rules().contacts().entrySet()) {
            if (contact.getValue().equalsIgnoreCase(email)) {
                return contact.getKey();
            }
        }
        String domain = "@" + properties.emailDomain();
        return email.toLowerCase(java.util.Locale.ROOT).endsWith(domain.toLowerCase(java.util.Locale.ROOT))
                ? email.substring(0, email.length() - domain.length()) : email;
    }

    public RulesStatus status() {
        State s = state.get();
        return new RulesStatus(fileName(), s.loadedAt(), s.rules().rules().size(), s.rules().ruleList(),
                s.rules().unowned(), s.lastError());
    }

    /** Re-reads the file when its modification time or size differs from the last read, good or bad. */
    @Scheduled(initialDelayString = "${fixline.ownership.reload-interval:PT30S}",
            fixedDelayString = "${fixline.ownership.reload-interval:PT30S}")
    public void reloadIfChanged() {
        if (!Stamp.of(properties.file()).equals(state.get().seen())) {
            reload();
        }
    }

    /**
     * Reads the file now. A valid file replaces the rules in force at once; an invalid one leaves them in
     * force, and the error is logged and kept for {@link #status()}.
     *
     * @return whether the file was valid
     */
    public synchronized boolean reload() {
        // Stamped before reading: a change written during the read shows up as a new stamp next time.
        Stamp stamp = Stamp.of(properties.file());
        State before = state.get();
        try {
            RuleSet rules = RulesFileReader.read(properties.file());
            state.set(new State(rules, clock.instant(), stamp, null));
            log.info("Reloaded {} ownership rules from {}", rules.rules().size(), properties.file());
            return true;
        } catch (RulesFileException e) {
            RulesError error = new RulesError(clock.instant(), fileName(), e.line(), e.reason());
            state.set(new State(before.rules(), before.loadedAt(), stamp, error));
            log.warn("Ownership rules {}{} not applied: {}; the {} rules loaded at {} stay in force",
                    properties.file(), where(e.line()), e.reason(), before.rules().rules().size(),
                    before.loadedAt());
            return false;
        }
    }

    private String fileName() {
        return properties.file().toString();
    }

    private static String where(Integer line) {
        return line == null ? "" : ", line " + line;
    }
}
