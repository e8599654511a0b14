package dev.fixline.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Failed password sign-ins (form and HTTP Basic), counted per user name and per client address from Spring
 * Security's authentication events, and whether a further attempt must wait ({@link SignInLimitFilter}).
 * A failure counts for {@code window} from the first failure of its key; a successful sign-in clears its
 * user name's count, never its address's (one good account must not unlock guessing at others). In memory
 * and per node: each node of a cluster counts what it sees.
 */
@Component
class SignInAttempts {

    private static final Logger log = LoggerFactory.getLogger(SignInAttempts.class);
    /** Past this many keys, expired ones are dropped before a new one is added. */
    private static final int PRUNE_ABOVE = 10_000;

    private record Failures(Instant since, int count) {
    }

    private final SignInLimitProperties limits;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    SignInAttempts(SignInLimitProperties limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** How long an attempt for this user name from this address must wait; empty: it may go ahead. */
    Optional<Duration> waitFor(String user, String address) {
        Instant now = clock.instant();
        Duration byUser = waitFor(userKey(user), limits.maxFailuresPerUser(), now);
        Duration byAddress = waitFor(addressKey(address), limits.maxFailuresPerAddress(), now);
        Duration wait = byUser.compareTo(byAddress) >= 0 ? byUser : byAddress;
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    @EventListener
    void failed(AuthenticationFailureBadCredentialsEvent event) {
        if (!(event.getAuthentication() instanceof UsernamePasswordAuthenticationToken attempt)) {
            return; // a bearer token is not guessed like a password
        }
        Instant now = clock.instant();
        prune(now);
        Failures user = count(userKey(attempt.getName()), now);
        String address = addressOf(attempt);
        if (address != null) {
            count(addressKey(address), now);
        }
        if (user.count() == limits.maxFailuresPerUser()) {
            // The name is whatever was typed: no line breaks into the log.
            log.warn("Sign-in for user '{}' paused after {} failures (last from {})",
                    attempt.getName().replaceAll("\\p{Cntrl}", "?"), user.count(), address);
        }
    }

    /** Forgets every failure counted so far, as a restart of the node does. */
    void forgetAll() {
        failures.clear();
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken signedIn) {
            failures.remove(userKey(signedIn.getName()));
        }
    }

    private Duration waitFor(String key, int max, Instant now) {
        Failures f = failures.get(key);
        if (f == null || f.count() < max) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, f.since().plus(limits.window()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private Failures count(String key, Instant now) {
        return failures.compute(key, (k, f) -> f == null || expired(f, now) ? new Failures(now, 1)
                : new Failures(f.since(), f.count() + 1));
    }

    private boolean expired(Failures f, Instant now) {
        return !now.isBefore(f.since().plus(limits.window()));
    }

    private void prune(Instant now) {
        if (failures.size() > PRUNE_ABOVE) {
            failures.values().removeIf(f -> expired(f, now));
        }
    }

    private static String addressOf(Authentication attempt) {
        return attempt.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : null;
    }

    /** User names are matched without regard to case, as the configured users are. */
    private static String userKey(String user) {
        return "user:" + (user == null ? "" : user.toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
