package dev.sluice.server.cli;

import dev.sluice.analytics.AnalyticsReplica;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.retention.RetentionRunner;
import dev.sluice.store.StoreException;
import dev.sluice.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice retention run [--dry-run]}. */
@Command(name = "retention", mixinStandardHelpOptions = true, description = "Delete data past its retention.",
        subcommands = {RetentionCommand.Run.class})
final class RetentionCommand {

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Purge every project's data past its retention now (the server also does so hourly).")
    static final class Run implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--dry-run", description = "Only print what would be deleted.")
        boolean dryRun;

        @Override
        public Integer call() {
            try (Store s = store.open()) {
                // The dry run opens the replica too: on SQLite it counts analytics events through its positions (the
                // row store has no time index); a replica held by the running server leaves a table scan.
                Optional<AnalyticsReplica> replica = replica(s, dryRun);
                try {
                    RetentionRunner runner = replica.isPresent()
                            ? RetentionRunner.create(s, replica.get(), Clock.systemUTC(), Duration.ofMillis(5))
                            : RetentionRunner.create(s, Clock.systemUTC(), Duration.ofMillis(5));
                    print(runner.run(dryRun));
                } finally {
                    replica.ifPresent(AnalyticsReplica::close);
                }
                return 0;
            }
        }

        /** This node's replica, unless its server holds it (that server purges it on its next hourly run). */
        private Optional<AnalyticsReplica> replica(Store s, boolean dryRun) {
            try {
                return Optional.of(AnalyticsReplica.open(store.dataDir.resolve(SluiceServer.ANALYTICS_FILE), s,
                        Clock.systemUTC()));
            } catch (StoreException e) {
                System.err.println(dryRun
                        ? "the analytics replica is in use (server running?): analytics events are counted by "
                        + "scanning the row store's table (SQLite has no time index for them), which takes a while "
                        + "on a large store"
                        : "the analytics replica is in use (server running?): its rows go on the "
                        + "server's next retention run");
                return Optional.empty();
            }
        }

        private void print(List<RetentionRunner.Result> results) {
            System.out.printf("%-20s %-16s %5s %10s %12s  %-24s %s%n", "PROJECT", "FAMILY", "DAYS", "MAX MB", "EST. MB",
                    "BEFORE", dryRun ? "WOULD DELETE" : "DELETED");
            for (RetentionRunner.Result r : results) {
                System.out.printf("%-20s %-16s %5d %10s %12s  %-24s %d%s%n", r.project(), r.family().id(), r.days(),
                        r.maxBytes() > 0 ? mb(r.maxBytes()) : "-", r.estimatedBytes() >= 0 ? mb(r.estimatedBytes()) : "-",
                        Instant.ofEpochMilli(r.cutoffMillis()), r.rows(), r.bySize() ? " (size cap)" : "");
            }
        }

        private static String mb(long bytes) {
            return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1_048_576.0);
        }
    }
}
