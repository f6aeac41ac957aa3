package dev.sluice.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.TestServer;
import dev.sluice.server.auth.AdminToken;
import dev.sluice.store.Store;
import dev.sluice.store.StoreConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} when it cannot listen, {@code admin reset-token} against a running server, and {@code help}. */
class ServeAndAdminCliTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    /** Runs the CLI in this JVM on another thread; a command that never returns fails the test instead of hanging it. */
    Run run(String... args) throws Exception {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> code = pool.submit(() -> SluiceCommand.run(args));
            return new Run(code.get(60, TimeUnit.SECONDS), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } finally {
            pool.shutdownNow();
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void servingOnAPortInUseExitsNonZeroWithOneLineAndBurnsNoSecrets() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Run r = run("serve", "--host", "127.0.0.1", "--port", Integer.toString(port), "--data", dir.toString());
            assertThat(r.code()).isNotZero();
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + port).contains("--port");
            assertThat(r.out()).doesNotContain("admin token").doesNotContain("listening");
        }
        // The store was not bootstrapped: the next successful start prints the secrets.
        try (Store store = Store.open(StoreConfig.sqlite(dir))) {
            assertThat(store.setting(AdminToken.SETTING)).isEmpty();
        } catch (RuntimeException e) {
            // no store at all is fine too
            assertThat(e.getMessage()).isNotNull();
        }
        try (TestServer server = TestServer.sqlite(dir)) {
            assertThat(server.adminToken()).startsWith("sla_");
        }
    }

    @Test
    void resetTokenWorksWhileTheServerRuns() throws Exception {
        try (TestServer server = TestServer.sqlite(dir)) {
            String old = server.adminToken();
            assertThat(server.get("/api/admin/projects", Optional.of(old)).statusCode()).isEqualTo(200);
            Run r = run("admin", "reset-token", "--data", dir.toString());
            assertThat(r.code()).isZero();
            String fresh = r.out().strip();
            assertThat(fresh).startsWith("sla_").isNotEqualTo(old);
            // The running server takes the new token within a second (it may cache the token that long).
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            int status;
            do {
                status = server.get("/api/admin/projects", Optional.of(fresh)).statusCode();
            } while (status != 200 && System.nanoTime() < deadline);
            assertThat(status).isEqualTo(200);
            assertThat(server.get("/api/admin/projects", Optional.of(old)).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void keyRevokeTakesTheHintExactlyAsKeyListPrintsIt() throws Exception {
        String data = "--data=" + dir;
        assertThat(run("project", "create", "shop", data).code()).isZero();
        assertThat(run("key", "create", "--project", "shop", "--type", "opensentry", data).code()).isZero();
        String printed = run("key", "list", data).out().lines().filter(l -> l.contains("opensentry"))
                .map(l -> l.split("\\s+")[2]).findFirst().orElseThrow();
        assertThat(printed).startsWith("os_").endsWith("\u2026");
        Run revoke = run("key", "revoke", printed, data);
        assertThat(revoke.code()).as(revoke.err()).isZero();
        assertThat(run("key", "list", data).out()).contains("revoked");
    }

    @Test
    void helpIsACommand() throws Exception {
        Run help = run("help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("serve", "key", "admin");
        Run serveHelp = run("help", "serve");
        assertThat(serveHelp.code()).isZero();
        assertThat(serveHelp.out()).contains("0.0.0.0:3001", "--idle-timeout", "--max-connections");
    }
}
