package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresStoreTest extends StoreContract {

    private StoreConfig config;

    @Override
    StoreConfig config() {
        if (config == null) {
            config = TestDatabases.postgres();
        }
        return config;
    }

    @Test
    void parsesTheCommandLineUrlForm() {
        StoreConfig c = StoreConfig.parse("postgresql://u:p%40ss@db.example:6543/sluice?sslmode=disable");
        assertThat(c.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/sluice?sslmode=disable");
        assertThat(c.user()).isEqualTo("u");
        assertThat(c.password()).isEqualTo("p@ss");
        assertThat(StoreConfig.redact("postgresql://u:secret@h/db")).doesNotContain("secret");
        assertThatThrownBy(() -> StoreConfig.parse("mysql://x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnreachableDatabaseFailsWithAClearMessage() {
        assertThatThrownBy(() -> Store.open(StoreConfig.parse("postgresql://nobody:x@127.0.0.1:1/none")))
                .isInstanceOf(StoreException.class).hasMessageContaining("cannot connect to PostgreSQL");
    }
}
