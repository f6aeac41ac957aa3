package dev.sluice.server.cli;

import dev.sluice.server.retention.RetentionRunner;
import dev.sluice.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
                List<RetentionRunner.Result> results = RetentionRunner.create(s, Clock.systemUTC(), Duration.ofMillis(5))
                        .run(dryRun);
                System.out.printf("%-20s %-16s %5s  %-24s %s%n", "PROJECT", "FAMILY", "DAYS", "BEFORE",
                        dryRun ? "WOULD DELETE" : "DELETED");
                for (RetentionRunner.Result r : results) {
                    System.out.printf("%-20s %-16s %5d  %-24s %d%n", r.project(), r.family().id(), r.days(),
                            Instant.ofEpochMilli(r.cutoffMillis()), r.rows());
                }
                return 0;
            }
        }
    }
}
