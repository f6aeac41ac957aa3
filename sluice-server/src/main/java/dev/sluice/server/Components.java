package dev.sluice.server;

import dev.sluice.analytics.AnalyticsReplica;
import dev.sluice.digest.Alerting;
import dev.sluice.digest.BatchApplier;
import dev.sluice.digest.IssueAlerts;
import dev.sluice.digest.PriceTable;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.JobSettingsQueries;
import dev.sluice.server.auth.KeyRegistry;
import dev.sluice.server.cache.RefreshingCache;
import dev.sluice.server.ingest.IngestPipeline;
import dev.sluice.server.limits.RateLimiter;
import dev.sluice.server.log.LocalIngestLog;
import dev.sluice.server.metrics.AnalyticsMetrics;
import dev.sluice.server.metrics.Metrics;
import dev.sluice.server.tailpoint.TaskSettingsCache;
import dev.sluice.store.JobSettings;
import dev.sluice.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The long-lived pieces of one node that route groups wire their handlers to. Built once by {@link #open}, in
 * dependency order, each piece registered with {@code undo} so a failed start stops what it started.
 *
 * @param taskSettings shared by the Tailpoint edge and the task API (a local change invalidates it at once)
 * @param jobSettings shared by the TraceStax edge and the job API, for the same reason
 * @param ingest the one admission pipeline every protocol runs on
 */
record Components(ServerConfig config, Clock clock, Store store, AnalyticsReplica replica, Metrics metrics,
                  KeyRegistry keys, RateLimiter limiter, LocalIngestLog log, Alerting alerting,
                  TaskSettingsCache taskSettings, RefreshingCache<ProjectId, JobSettings> jobSettings,
                  IngestPipeline ingest) {

    /** Opens the store and everything that lives on it; nothing listens yet. */
    static Components open(ServerConfig config, Clock clock, Undo undo) {
        Store store = Store.open(config.store());
        undo.push(store::close);
        AnalyticsReplica replica = AnalyticsReplica.open(config.dataDir().resolve(SluiceServer.ANALYTICS_FILE),
                store, clock);
        undo.push(replica::close);
        replica.startFollowing(Duration.ofMillis(250));
        Metrics metrics = new Metrics();
        KeyRegistry keys = KeyRegistry.start(store);
        undo.push(keys::close);
        RateLimiter limiter = RateLimiter.forStore(store, config.rates(), clock);
        undo.push(limiter::close);
        Ids ids = Ids.create(clock);
        Alerting alerting = Alerting.create(ids);
        // Erasures find a person's SQLite rows through the replica (the row store has no person index).
        BatchApplier applier = BatchApplier.create(clock, ids, PriceTable.shipped(),
                List.of(IssueAlerts.create(alerting)), replica::people);
        LocalIngestLog log = LocalIngestLog.start(store, applier, config.limits(), metrics.registry());
        undo.push(() -> log.close(Duration.ofSeconds(5)));
        AnalyticsMetrics.register(metrics.registry(), replica);
        JobSettingsQueries jobSettings = JobSettingsQueries.create(store);
        // One pipeline for every protocol and port: the shared key/project limits, then node-local buckets per
        // (key, item category).
        IngestPipeline ingest = IngestPipeline.create(keys, log, limiter, RateLimiter.create(clock),
                RateLimiter.Limit.perMinute(config.protocols().ratePerMinute()), metrics, clock);
        return new Components(config, clock, store, replica, metrics, keys, limiter, log, alerting,
                TaskSettingsCache.create(store, clock),
                RefreshingCache.<ProjectId, JobSettings>builder("job-settings", jobSettings::settings).build(),
                ingest);
    }
}
