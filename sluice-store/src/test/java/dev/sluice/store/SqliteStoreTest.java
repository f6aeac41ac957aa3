package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContract {

    @TempDir
    Path dir;

    @Override
    StoreConfig config() {
        return TestDatabases.sqlite(dir);
    }

    @Test
    void runsInWalModeWithFullSync() {
        String mode = store.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                return rs.getString(1);
            }
        });
        assertThat(mode).isEqualToIgnoringCase("wal");
        int sync = store.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
                rs.next();
                return rs.getInt(1);
            }
        });
        assertThat(sync).as("synchronous=FULL").isEqualTo(2);
        assertThat(dir.resolve("sluice.db")).exists();
    }

    @Test
    void anIdleStoreDoesNotHoldTheWriteLock() {
        // A second process (the CLI) must be able to write while a server has the file open.
        try (Store other = Store.open(config())) {
            other.createProject("from-cli", 1);
        }
        assertThat(store.findProject("from-cli")).isPresent();
    }
}
