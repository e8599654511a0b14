package dev.fixline.remediation;

import dev.fixline.cluster.ClusterLocks;
import dev.fixline.cluster.ClusterSettings;
import dev.fixline.cluster.LockScope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.fixline.audit.AuditEventType;
import dev.fixline.audit.AuditLog;
import dev.fixline.ownership.OwnershipRules;
import dev.fixline.sla.SlaProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Notices an edited SLA policy (the {@code fixline.sla} configuration, or the SLA overrides and teams of
 * the ownership rules) and has every open case's dates recomputed: a deadline may tighten, never
 * loosen. Each change of the policy, and of the ownership rules as a whole, is an event of the governance log. The policy's fingerprint is kept in the database, so an edit made while Fixline was down
 * is noticed at the next start, and nodes agree on what they already applied.
 */
@Component
class SlaPolicyWatch {

    static final String SETTING = "sla-policy-fingerprint";
    static final String RULES_SETTING = "ownership-rules-fingerprint";
    private static final Logger log = LoggerFactory.getLogger(SlaPolicyWatch.class);

    private final SlaProperties sla;
    private final OwnershipRules ownership;
    private final CaseRepository cases;
    private final ClusterLocks locks;
    private final ClusterSettings settings;
    private final TransactionTemplate tx;
    private final Clock clock;
    /** Sorted map keys: the fingerprint must not depend on a map's iteration order. */
    private final ObjectMapper canonical = JsonMapper.builder().addModule(new JavaTimeModule())
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false).build();

    private final AuditLog audit;

    SlaPolicyWatch(SlaProperties sla, OwnershipRules ownership, CaseRepository cases, ClusterLocks locks,
                   ClusterSettings settings, TransactionTemplate tx, AuditLog audit, Clock clock) {
        this.audit = audit;
        this.sla = sla;
        this.ownership = ownership;
        this.cases = cases;
        this.locks = locks;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        check();
    }

    /** The ownership rules reload by themselves; this notices when their SLA parts changed. */
    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1M")
    void periodically() {
        check();
    }

    /** @return how many open cases were queued for recomputation */
    int check() {
        String fingerprint = fingerprint();
        var rules = ownership.status();
        String rulesFingerprint = canonicalHash(Map.of("rules", rules.rules(),
                "unowned", rules.unowned() == null ? Map.of() : rules.unowned()));
        Integer queued = tx.execute(s -> {
            locks.holdUntilCommit(LockScope.SLA_POLICY);
            Optional<String> storedRules = settings.get(RULES_SETTING);
            settings.update(RULES_SETTING, before -> Optional.of(rulesFingerprint));
            if (storedRules.isPresent() && !storedRules.get().equals(rulesFingerprint)) {
                audit.record(null, null, AuditEventType.OWNERSHIP_RULES_CHANGED, AuditLog.SYSTEM, "The ownership rules "
                        + "changed: " + rules.ruleCount() + " rules from " + rules.file() + " loaded at "
                        + rules.loadedAt() + " are in force", AuditLog.evidence("file", rules.file(), "rules",
                        rules.ruleCount(), "loadedAt", rules.loadedAt(), "previousFingerprint", storedRules.get(),
                        "fingerprint", rulesFingerprint));
            }
            Optional<String> stored = settings.get(SETTING);
            settings.update(SETTING, before -> Optional.of(fingerprint));
            if (stored.isEmpty() || stored.get().equals(fingerprint)) {
                return 0; // the first start records it; an unchanged policy changes nothing
            }
            String reason = "SLA policy changed";
            List<String> open = cases.openCaseIds();
            for (String caseId : open) {
                cases.addCommand(caseId, CaseCommand.SLA_CHANGED, reason, clock.instant());
            }
            audit.record(null, null, AuditEventType.SLA_POLICY_CHANGED, AuditLog.SYSTEM, "The SLA policy changed: the "
                    + "dates of " + open.size() + " open cases are recomputed (deadlines tighten, never loosen)",
                    AuditLog.evidence("openCases", open.size(), "previousFingerprint", stored.get(), "fingerprint",
                            fingerprint));
            return open.size();
        });
        if (queued != null && queued > 0) {
            log.info("The SLA policy changed: {} open cases will have their dates recomputed", queued);
        }
        return queued == null ? 0 : queued;
    }

    private String fingerprint() {
        var status = ownership.status();
        List<Object> rules = status.rules().stream()
                .map(r -> (Object) Map.of("name", String.valueOf(r.name()), "team", String.valueOf(r.team()),
                        "sla", r.sla() == null ? Map.of() : r.sla())).toList();
        Map<String, Object> policy = Map.of("sla", sla, "rules", rules, "unowned",
                status.unowned() == null || status.unowned().sla() == null ? Map.of() : status.unowned().sla());
        return canonicalHash(policy);
    }

    /** The same for the same content, whatever order its maps and sets iterate in (it differs between JVMs). */
    private String canonicalHash(Object value) {
        try {
            return sha256(canonical.writeValueAsString(sorted(canonical.valueToTree(value))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the policy cannot be fingerprinted", e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** Object fields and lists of plain values in a fixed order, whatever order sets and maps came in. */
    private JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = canonical.createObjectNode();
            new TreeMap<String, JsonNode>(canonical.convertValue(node, new TypeReference<Map<String, JsonNode>>() { }))
                    .forEach((k, v) -> out.set(k, sorted(v)));
            return out;
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(item -> items.add(sorted(item)));
            if (items.stream().allMatch(JsonNode::isValueNode)) {
                items.sort(Comparator.comparing(JsonNode::asText));
            }
            ArrayNode out = canonical.createArrayNode();
            items.forEach(out::add);
            return out;
        }
        return node;
    }
}
