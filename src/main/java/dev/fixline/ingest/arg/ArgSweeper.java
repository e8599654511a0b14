package dev.fixline.ingest.arg;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.resourcemanager.resourcegraph.models.QueryRequest;
import com.azure.resourcemanager.resourcegraph.models.QueryRequestOptions;
import com.azure.resourcemanager.resourcegraph.models.QueryResponse;
import com.azure.resourcemanager.resourcegraph.models.ResultFormat;
import com.azure.resourcemanager.resourcegraph.models.ResultTruncated;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.cluster.ClusterLocks;
import dev.fixline.cluster.LockScope;
import dev.fixline.finding.FindingStore;
import dev.fixline.finding.RegistryTags;
import dev.fixline.finding.Sweep;
import dev.fixline.finding.SweepFeed;
import dev.fixline.finding.SweepScope;
import dev.fixline.ingest.ResourceGraphSweeps;
import dev.fixline.ingest.SweepRejectedException;
import dev.fixline.ingest.defender.ExportRows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Service;

/**
 * Sweeps Defender's container findings from Azure Resource Graph: pages of up to 1,000 rows, within
 * the quota, retried through transient faults. A sweep that stops paging, or whose result Resource
 * Graph truncated, is PARTIAL (it opens and updates, never closes); one that cannot read at all is
 * FAILED with the reason. Sweeps of the scope never overlap, on one node or several.
 *
 * <p>Longer than most classes here: the page loop, its lease, quota waits and Retry-After handling share
 * one sweep's state (the query, the skip token, the feed), and splitting them would pass that state around.
 * The clients, the quota policy and the retries of a failed sweep are classes of their own.
 */
@Service
public class ArgSweeper implements ResourceGraphSweeps, DisposableBean {

    /** A holder renews its lease on every page, so only one that died goes stale. */
    private static final Duration LEASE_STALE_AFTER = Duration.ofMinutes(30);
    private static final Logger log = LoggerFactory.getLogger(ArgSweeper.class);

    private final ArgProperties properties;
    private final FindingStore store;
    private final ObjectMapper json;
    private final ClusterLocks lock;
    private final RegistryTags registryTags;
    private final Clock clock;
    /** Interrupted at shutdown, and given 10 s to roll back and release its lock while the database is there. */
    private final ThreadPoolTaskExecutor background;
    private volatile ArgClients.Client client;
    /** Set when Resource Graph asked to wait longer than a sweep waits itself: no retry before then. */
    private volatile Instant retryNotBefore;

    ArgSweeper(ArgProperties properties, FindingStore store, ObjectMapper json, ClusterLocks locks,
               RegistryTags registryTags, Clock clock, ThreadPoolTaskExecutorBuilder executors) {
        this.background = executors.corePoolSize(1).maxPoolSize(1).threadNamePrefix("arg-sweep-")
                .awaitTermination(false).awaitTerminationPeriod(Duration.ofSeconds(10)).build();
        this.background.initialize();
        this.registryTags = registryTags;
        this.properties = properties;
        this.store = store;
        this.json = json;
        this.clock = clock;
        this.lock = locks;
    }

    @Override
    public boolean enabled() {
        return properties.enabled();
    }

    @Override
    public String schedule() {
        return properties.schedule();
    }

    @Override
    public boolean startInBackground(String trigger) {
        String holder = holder(trigger);
        if (!lock.tryLease(LockScope.RESOURCE_GRAPH, holder, LEASE_STALE_AFTER)) {
            return false;
        }
        background.execute(() -> {
            try {
                sweepHolding(trigger, holder);
            } catch (Throwable e) {
                log.error("Resource Graph sweep ({}) failed", trigger, e);
            } finally {
                lock.release(LockScope.RESOURCE_GRAPH, holder);
            }
        });
        return true;
    }

    /** Runs one sweep now; empty when another sweep of the scope is running. */
    public Optional<Sweep> sweep(String trigger) {
        String holder = holder(trigger);
        if (!lock.tryLease(LockScope.RESOURCE_GRAPH, holder, LEASE_STALE_AFTER)) {
            log.info("A Resource Graph sweep is already running; this one ({}) is skipped", trigger);
            return Optional.empty();
        }
        try {
            return Optional.of(sweepHolding(trigger, holder));
        } finally {
            lock.release(LockScope.RESOURCE_GRAPH, holder);
        }
    }

    private Sweep sweepHolding(String trigger, String holder) {
        if (!properties.enabled()) {
            throw new IllegalStateException("The Resource Graph source is not enabled (fixline.arg.enabled)");
        }
        String scope = scopeDescription();
        log.info("Resource Graph sweep ({}) of {} starting", trigger, scope);
        try {
            Sweep sweep = store.applySweep(SOURCE, "resource graph (" + trigger + ")",
                    new SweepScope(scope, Set.copyOf(properties.subscriptions()), true),
                    feed -> readPages(feed, holder));
            log.info("Resource Graph sweep {} {}: {} pages, {} rows, {} rejected, {} ms waiting on quota, {} ms",
                    sweep.id(), sweep.state(), sweep.pages(), sweep.counts().rows(), sweep.counts().rejected(),
                    sweep.quotaWaitMillis(), Duration.between(sweep.startedAt(), sweep.finishedAt()).toMillis());
            return sweep;
        } catch (CannotRead e) {
            return store.recordFailedSweep(SOURCE, "resource graph (" + trigger + ")", scope, e.getMessage());
        } catch (RuntimeException e) {
            log.error("Resource Graph sweep ({}) could not be applied", trigger, e);
            return store.recordFailedSweep(SOURCE, "resource graph (" + trigger + ")", scope,
                    "the sweep could not be applied: " + reason(e));
        }
    }

    private Optional<String> readPages(SweepFeed feed, String holder) {
        ArgClients.Client c = client();
        Optional<String> invisible = invisibleSubscriptions(c);
        Duration waitedBefore = c.quota().waited();
        QueryRequest request = new QueryRequest().withQuery(properties.effectiveQuery())
                .withOptions(new QueryRequestOptions().withResultFormat(ResultFormat.OBJECT_ARRAY)
                        .withTop(properties.pageSize()));
        if (!properties.subscriptions().isEmpty()) {
            request.withSubscriptions(properties.subscriptions());
        }
        if (!properties.managementGroups().isEmpty()) {
            request.withManagementGroups(properties.managementGroups());
        }
        ExportRows mapper = new ExportRows(Duration.ZERO);
        int page = 0;
        int row = 0;
        long expected = -1;
        boolean truncated = false;
        String token = null;
        Set<String> seenTokens = new HashSet<>();
        try {
            do {
                QueryResponse response;
                try {
                    Response<QueryResponse> http = c.manager().resourceProviders()
                            .resourcesWithResponse(request, Context.NONE);
                    response = http.getValue();
                } catch (RuntimeException e) {
                    if (deniedAccess(e)) {
                        throw new CannotRead(accessMessage(e), e);
                    }
                    if (page == 0) {
                        throw unreadable(e);
                    }
                    log.warn("Resource Graph paging stopped after page {}: {}", page, reason(e));
                    return Optional.of("paging stopped after page " + page + " (" + row + " rows): " + reason(e));
                }
                page++;
                feed.pageRead();
                lock.renew(LockScope.RESOURCE_GRAPH, holder);
                if (expected < 0) {
                    expected = response.totalRecords();
                }
                List<?> items = rows(response);
                for (Object item : items) {
                    row++;
                    JsonNode node = json.valueToTree(item);
                    try {
                        mapper.read(row, node, feed);
                    } catch (SweepRejectedException e) {
                        feed.reject(row, e.field(), e.getMessage());
                    }
                }
                truncated |= response.resultTruncated() == ResultTruncated.TRUE;
                token = response.skipToken();
                log.info("Resource Graph page {}: {} rows so far of {}", page, row, response.totalRecords());
                if (token != null && !token.isBlank() && (items.isEmpty() || !seenTokens.add(token))) {
                    // A token that comes back, or pages that bring nothing: stop rather than loop for ever.
                    return Optional.of("paging stopped after page " + page + " (" + row + " rows): Resource "
                            + "Graph sent " + (items.isEmpty() ? "an empty page" : "the same $skipToken again"));
                }
                request.options().withSkipToken(token);
            } while (token != null && !token.isBlank());
        } finally {
            feed.waitedForQuota(c.quota().waited().minus(waitedBefore));
        }
        if (truncated) {
            return Optional.of("Resource Graph truncated the result (resultTruncated: true)");
        }
        if (row < expected) {
            return Optional.of("Resource Graph announced " + expected + " rows but sent " + row);
        }
        if (invisible.isPresent()) {
            return invisible;
        }
        if (row == 0) {
            // Lost access, or a query that no longer matches: an empty answer must not close everything.
            return Optional.of("Resource Graph returned no rows at all");
        }
        if (mapper.observations() == 0 && mapper.ignoredAny()) {
            // A query that matches only other kinds of sub-assessment says nothing about the registries' images.
            return Optional.of("Resource Graph returned no container-image rows, only rows of other kinds ("
                    + mapper.ignoredSummary() + ")");
        }
        readRegistryTags(c);
        return Optional.empty();
    }

    /**
     * The registries' resource tags (owner, team, …) from the {@code resources} table, for ownership
     * rules that match on them. Tags are a convenience: failing to read them does not fail the sweep.
     */
    private void readRegistryTags(ArgClients.Client c) {
        QueryRequest request = new QueryRequest().withQuery("""
                resources | where type =~ "microsoft.containerregistry/registries"
                | project id, loginServer = tostring(properties.loginServer), tags""")
                .withOptions(new QueryRequestOptions().withResultFormat(ResultFormat.OBJECT_ARRAY).withTop(1000));
        if (!properties.subscriptions().isEmpty()) {
            request.withSubscriptions(properties.subscriptions());
        }
        if (!properties.managementGroups().isEmpty()) {
            request.withManagementGroups(properties.managementGroups());
        }
        try {
            int registries = 0;
            for (Object item : rows(c.manager().resourceProviders().resourcesWithResponse(request, Context.NONE)
                    .getValue())) {
                if (item instanceof Map<?, ?> m && m.get("loginServer") instanceof String host && !host.isBlank()) {
                    Map<String, String> tags = new java.util.LinkedHashMap<>();
                    if (m.get("tags") instanceof Map<?, ?> t) {
                        t.forEach((k, v) -> tags.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
                    }
                    registryTags.record(host, m.get("id") == null ? null : m.get("id").toString(), tags);
                    registries++;
                }
            }
            log.info("Resource Graph: tags of {} registries read", registries);
        } catch (RuntimeException e) {
            log.warn("The registries' tags could not be read; ownership rules on tags use what was known: {}",
                    reason(e));
        }
    }

    /**
     * Resource Graph silently leaves out subscriptions the identity cannot read. The configured ones
     * that it does not list make the sweep PARTIAL, so that lost access never looks like a clean scan.
     */
    private Optional<String> invisibleSubscriptions(ArgClients.Client c) {
        if (properties.subscriptions().isEmpty()) {
            return Optional.empty();
        }
        QueryRequest check = new QueryRequest().withSubscriptions(properties.subscriptions())
                .withQuery("resourcecontainers | where type =~ 'microsoft.resources/subscriptions' "
                        + "| project subscriptionId")
                .withOptions(new QueryRequestOptions().withResultFormat(ResultFormat.OBJECT_ARRAY).withTop(1000));
        List<?> visible;
        try {
            visible = rows(c.manager().resourceProviders().resourcesWithResponse(check, Context.NONE).getValue());
        } catch (RuntimeException e) {
            if (deniedAccess(e)) {
                throw new CannotRead(accessMessage(e), e);
            }
            throw unreadable(e);
        }
        Set<String> seen = new HashSet<>();
        for (Object item : visible) {
            if (item instanceof Map<?, ?> m && m.get("subscriptionId") != null) {
                seen.add(m.get("subscriptionId").toString().toLowerCase(Locale.ROOT));
            }
        }
        List<String> missing = properties.subscriptions().stream()
                .filter(s -> !seen.contains(s.toLowerCase(Locale.ROOT))).toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        log.warn("Subscriptions not visible to Resource Graph: {}", missing);
        return Optional.of("subscriptions not visible to Fixline's identity (grant it Reader or Security Reader): "
                + String.join(", ", missing));
    }

    private static List<?> rows(QueryResponse response) {
        Object data = response.data();
        if (data instanceof List<?> list) {
            return list;
        }
        if (data instanceof Map<?, ?> table) {
            throw new CannotRead("Resource Graph answered in the table format (columns " + table.keySet()
                    + "); Fixline asks for objectArray", null);
        }
        return List.of();
    }

    private ArgClients.Client client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    client = ArgClients.build(properties, clock);
                }
            }
        }
        return client;
    }

    /** Nothing could be read; a throttled answer's wait is remembered, so that no retry comes before it. */
    private CannotRead unreadable(RuntimeException e) {
        if (e instanceof HttpResponseException h && h.getResponse() != null) {
            Duration asked = PatientRetry.retryAfter(h.getResponse().getHeaders());
            if (asked != null) {
                retryNotBefore = clock.instant().plus(asked);
                return new CannotRead("Resource Graph is throttling Fixline (HTTP " + h.getResponse().getStatusCode()
                        + ") and asked it to wait " + asked.toSeconds() + " s; the sweep is tried again after "
                        + retryNotBefore + ". " + reason(e), e);
            }
        }
        return new CannotRead("Resource Graph could not be read: " + reason(e), e);
    }

    /**
     * Until when Resource Graph asked this node to wait, longer than a sweep waits itself; empty when that
     * time has passed or it did not ask. Scheduled sweeps and retries wait for it too.
     */
    @Override
    public Optional<Instant> throttledUntil() {
        Instant until = retryNotBefore;
        return until != null && until.isAfter(clock.instant()) ? Optional.of(until) : Optional.empty();
    }

    private static boolean deniedAccess(RuntimeException e) {
        return e instanceof HttpResponseException h && h.getResponse() != null
                && (h.getResponse().getStatusCode() == 401 || h.getResponse().getStatusCode() == 403);
    }

    private static String accessMessage(RuntimeException e) {
        int status = ((HttpResponseException) e).getResponse().getStatusCode();
        return "Resource Graph refused access (HTTP " + status + "): give Fixline's identity the Reader or "
                + "Security Reader role on each subscription it sweeps (or on their management group). " + reason(e);
    }

    private static String reason(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = message.replaceAll("\\s+", " ");
        return message.length() <= 500 ? message : message.substring(0, 497) + "...";
    }

    private String scopeDescription() {
        if (!properties.subscriptions().isEmpty()) {
            String all = "subscriptions: " + String.join(", ", properties.subscriptions());
            return all.length() <= 1000 ? all : "subscriptions: " + properties.subscriptions().size() + " ("
                    + all.substring("subscriptions: ".length(), 900) + "…)";
        }
        if (!properties.managementGroups().isEmpty()) {
            return "management groups: " + String.join(", ", properties.managementGroups());
        }
        return "tenant";
    }

    private static String holder(String trigger) {
        return trigger + "@" + UUID.randomUUID();
    }

    @Override
    public void destroy() {
        background.shutdown();
    }

    /** Nothing could be read: the sweep is recorded as FAILED with this message. */
    static final class CannotRead extends RuntimeException {
        CannotRead(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
