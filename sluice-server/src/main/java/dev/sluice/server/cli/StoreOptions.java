package dev.sluice.server.cli;

import dev.sluice.store.Store;
import dev.sluice.store.StoreConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the data lives, shared by every command. */
final class StoreOptions {

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:SLUICE_DATA:-sluice-data}",
            description = "Data directory for the embedded store (default: ${DEFAULT-VALUE}; env SLUICE_DATA).")
    Path dataDir;

    @Option(names = "--db", paramLabel = "URL", defaultValue = "${env:SLUICE_DB}",
            description = "Database URL, e.g. postgresql://user:pass@host:5432/sluice (env SLUICE_DB). "
                    + "Default: SQLite in the data directory.")
    String db;

    StoreConfig config() {
        return db == null || db.isBlank() ? StoreConfig.sqlite(dataDir) : StoreConfig.parse(db);
    }

    Store open() {
        return Store.open(config());
    }
}
