package dev.sluice.server.cli;

import dev.sluice.analytics.AnalyticsReplica;
import dev.sluice.server.SluiceServer;
import dev.sluice.store.Store;
import dev.sluice.store.StoreException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sluice analytics rebuild}. */
@Command(name = "analytics", mixinStandardHelpOptions = true, description = "Manage this node's analytics replica.",
        subcommands = {AnalyticsCommand.Rebuild.class})
final class AnalyticsCommand {

    @Command(name = "rebuild", mixinStandardHelpOptions = true,
            description = "Rebuild the analytics replica (DuckDB, in the data directory) from the row store. "
                    + "Run it while this node's server is stopped: one process may open the replica at a time.")
    static final class Rebuild implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            Clock clock = Clock.systemUTC();
            try (Store s = store.open();
                 AnalyticsReplica replica = open(s, clock)) {
                long total = replica.backlog() + replicaSize(replica);
                long started = System.nanoTime();
                PrintStream err = System.err;
                long done = replica.rebuild(n -> err.print("\r" + Progress.line(n, total, System.nanoTime() - started)));
                err.println("\r" + Progress.line(done, Math.max(done, total), System.nanoTime() - started));
                System.out.println("rebuilt the analytics replica: " + done + " events");
                return 0;
            }
        }

        private AnalyticsReplica open(Store s, Clock clock) {
            try {
                return AnalyticsReplica.open(store.dataDir.resolve(SluiceServer.ANALYTICS_FILE), s, clock);
            } catch (StoreException e) {
                throw new StoreException("cannot open the analytics replica in " + store.dataDir
                        + " (is this node's server running? stop it first): " + e.getMessage(), e);
            }
        }

        private static long replicaSize(AnalyticsReplica replica) {
            return dev.sluice.query.ReplicaSize.events(replica);
        }
    }
}
