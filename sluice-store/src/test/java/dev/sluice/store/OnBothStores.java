package dev.sluice.store;

import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A store contract suite: every test of a subclass runs once on SQLite and once on PostgreSQL, each on a fresh
 * store ({@link #db}, opened before the subclass's own {@code @BeforeEach} and closed after each test).
 */
@ParameterizedClass
@EnumSource(Dialect.class)
abstract class OnBothStores {

    @Parameter
    Dialect dialect;
    @TempDir
    Path dir;
    @AutoClose
    StoreFixture db;

    @BeforeEach
    final void openStore() {
        db = new StoreFixture(dialect, dir);
    }
}
