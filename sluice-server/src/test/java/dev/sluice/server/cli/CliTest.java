package dev.sluice.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.store.Store;
import dev.sluice.store.StoreConfig;
import dev.sluice.store.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a real store: every subcommand, its help, and its errors. */
class CliTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = SluiceCommand.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void projectsAndKeysOnTheEmbeddedStore() {
        String data = "--data=" + dir;
        assertThat(run("project", "create", "shop", data).code()).isZero();
        Run dup = run("project", "create", "shop", data);
        assertThat(dup.code()).isEqualTo(1);
        assertThat(dup.err()).contains("already exists");
        assertThat(run("project", "create", "bad name", data).code()).isEqualTo(2);
        assertThat(run("project", "list", data).out()).contains("shop");

        Run key = run("key", "create", "--project", "shop", "--type", "tailpoint-live", data);
        assertThat(key.code()).isZero();
        String raw = key.out().trim();
        assertThat(raw).startsWith("trk_live_").hasSize("trk_live_".length() + 32);
        Run list = run("key", "list", data);
        assertThat(list.out()).contains("tailpoint-live", "active").doesNotContain(raw);
        assertThat(run("key", "create", "--project", "shop", "--type", "nope", data).err()).contains("opensentry");
        assertThat(run("key", "create", "--project", "none", "--type", "opensentry", data).code()).isEqualTo(1);

        String hint = raw.substring(0, "trk_live_".length() + 6);
        assertThat(run("key", "revoke", hint, data).code()).isZero();
        assertThat(run("key", "revoke", hint, data).code()).isEqualTo(1);
        assertThat(run("key", "list", data).out()).contains("revoked");
        try (Store store = Store.open(StoreConfig.sqlite(dir))) {
            assertThat(store.listKeys()).singleElement().satisfies(k -> assertThat(k.hash()).doesNotContain(raw));
        }
    }

    @Test
    void worksOnPostgresqlToo() {
        String db = "--db=" + TestDatabases.asDbUrl(TestDatabases.postgres());
        assertThat(run("project", "create", "pg", db).code()).isZero();
        assertThat(run("project", "list", db).out()).contains("pg");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : new String[][] {{"--help"}, {"serve", "--help"}, {"project", "--help"},
                {"project", "create", "--help"}, {"project", "list", "--help"}, {"key", "--help"},
                {"key", "create", "--help"}, {"key", "list", "--help"}, {"key", "revoke", "--help"}}) {
            Run r = run(cmd);
            assertThat(r.code()).as(String.join(" ", cmd)).isZero();
            assertThat(r.out()).contains("Usage:");
        }
        assertThat(run("serve", "--help").out()).contains("--port", "--data", "--db");
    }

    @Test
    void badDatabaseUrlIsOneLineNotAStackTrace() {
        Run r = run("project", "list", "--db=mysql://x");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("sluice: unsupported database URL").doesNotContain("\tat ");
    }
}
