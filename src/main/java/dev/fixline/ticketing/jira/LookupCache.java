package dev.fixline.ticketing.jira;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Remembers user look-ups (found or not) for a while. A failed look-up throws and is not remembered.
 * Bounded: when it holds too many entries it starts over, which costs a few look-ups, never a wrong one
 * older than the time to live.
 */
final class LookupCache {

    private static final int MAX_ENTRIES = 10_000;

    private record Entry(Optional<String> value, Instant expires) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;

    LookupCache(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    Optional<String> get(String key, Supplier<Optional<String>> lookup) {
        if (key == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Entry cached = entries.get(key);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.value();
        }
        Optional<String> value = lookup.get();
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(value, now.plus(ttl)));
        return value;
    }
}
