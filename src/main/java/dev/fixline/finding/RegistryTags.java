package dev.fixline.finding;

import dev.fixline.limits.AsciiCase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The resource tags of container registries, as a source last saw them; ownership rules match on them. */
@Service
public class RegistryTags {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    RegistryTags(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** Replaces what is known of one registry's tags. */
    @Transactional
    public void record(String registryHost, String resourceId, Map<String, String> tags) {
        String host = AsciiCase.lower(registryHost);
        String text;
        try {
            text = json.writeValueAsString(tags);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tags cannot be written", e);
        }
        if (text.length() > 4000) {
            text = "{}"; // absurdly many tags: keep none rather than a cut-off JSON document
        }
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        if (jdbc.update("UPDATE registry_tags SET resource_id = ?, tags = ?, updated_at = ? WHERE registry_host = ?",
                resourceId, text, now, host) == 0) {
            jdbc.update("INSERT INTO registry_tags (registry_host, resource_id, tags, updated_at) VALUES (?,?,?,?)",
                    host, resourceId, text, now);
        }
    }

    /** The tags of a registry; empty when no source has reported any. */
    @Transactional(readOnly = true)
    public Map<String, String> of(String registryHost) {
        return jdbc.queryForList("SELECT tags FROM registry_tags WHERE registry_host = ?", String.class,
                registryHost == null ? null : AsciiCase.lower(registryHost)).stream().findFirst()
                .map(this::parse).orElse(Map.of());
    }

    /** The tags of every registry a source reported any for, by lower-case host: one query for all. */
    @Transactional(readOnly = true)
    public Map<String, Map<String, String>> all() {
        Map<String, Map<String, String>> byHost = new java.util.HashMap<>();
        jdbc.query("SELECT registry_host, tags FROM registry_tags",
                (java.sql.ResultSet rs) -> {
                    byHost.put(rs.getString(1), parse(rs.getString(2)));
                });
        return byHost;
    }

    private Map<String, String> parse(String text) {
        try {
            return json.readValue(text, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
