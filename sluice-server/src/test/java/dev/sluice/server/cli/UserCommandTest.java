package dev.sluice.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.store.AccountRecords.Role;
import dev.sluice.store.AccountRecords.User;
import dev.sluice.store.Store;
import dev.sluice.store.StoreConfig;
import dev.sluice.store.TestDatabases;
import dev.sluice.web.session.Passwords;
import dev.sluice.web.session.Sessions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code sluice user create|list|password} on a real store (SQLite and PostgreSQL). */
class UserCommandTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            int code = SluiceCommand.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    @ParameterizedTest
    @EnumSource(dev.sluice.store.Dialect.class)
    void createsAMemberWithAnInviteLinkAndAnAdminWithAPasswordFromStdin(dev.sluice.store.Dialect dialect) {
        StoreConfig config = dialect == dev.sluice.store.Dialect.SQLITE ? TestDatabases.sqlite(dir)
                : TestDatabases.postgres();
        String db = "--db=" + TestDatabases.asDbUrl(config);
        try (Store s = Store.open(config)) {
            s.createProject("shop", 1);
        }
        Run member = run("", "user", "create", db, "--email=Mia@Example.com", "--project=shop",
                "--base-url=https://sluice.example.com");
        assertThat(member.code()).as(member.err()).isZero();
        Matcher m = Pattern.compile("https://sluice\\.example\\.com/invite/([A-Za-z0-9_-]{43})").matcher(member.out());
        assertThat(m.find()).as(member.out()).isTrue();
        Run admin = run("root password 1\n", "user", "create", db, "--email=root@example.com", "--role=admin",
                "--password-stdin");
        assertThat(admin.code()).as(admin.err()).isZero();
        assertThat(admin.out()).doesNotContain("/invite/");
        assertThat(run("", "user", "create", db, "--email=mia@example.com").code()).as("exists").isEqualTo(1);
        assertThat(run("short\n", "user", "create", db, "--email=x@example.com", "--password-stdin").code())
                .isEqualTo(2);
        assertThat(run("", "user", "create", db, "--email=y@example.com", "--role=owner").code()).isEqualTo(2);
        try (Store s = Store.open(config)) {
            User mia = s.accounts().findUserByEmail("mia@example.com").orElseThrow();
            assertThat(mia.role()).isEqualTo(Role.MEMBER);
            assertThat(mia.active()).isFalse();
            assertThat(s.accounts().memberships(mia.id())).containsExactly(s.findProject("shop").orElseThrow().id());
            assertThat(s.accounts().findInvite(Sessions.hash(m.group(1)), System.currentTimeMillis())).isPresent();
            User root = s.accounts().findUserByEmail("root@example.com").orElseThrow();
            assertThat(root.role()).isEqualTo(Role.ADMIN);
            assertThat(Passwords.matches("root password 1", root.passwordHash())).isTrue();
            assertThat(root.passwordHash().orElseThrow()).startsWith("$argon2id$").doesNotContain("root password");
        }
        Run list = run("", "user", "list", db);
        assertThat(list.out()).contains("mia@example.com").contains("invited").contains("root@example.com");
        Run changed = run("another password 2\n", "user", "password", db, "--email=root@example.com",
                "--password-stdin");
        assertThat(changed.code()).as(changed.err()).isZero();
        try (Store s = Store.open(config)) {
            assertThat(Passwords.matches("another password 2",
                    s.accounts().findUserByEmail("root@example.com").orElseThrow().passwordHash())).isTrue();
        }
    }

    @Test
    void aPasswordIsNeverAnArgument() {
        Run r = run("", "user", "create", "--data=" + dir, "--email=z@example.com", "--password=secret12345");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("--password");
    }
}
