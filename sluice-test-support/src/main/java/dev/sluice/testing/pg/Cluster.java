package dev.sluice.testing.pg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster in a temp directory on a free loopback port, for one test JVM.
 *
 * <p>PostgreSQL refuses to run as root, and builds here run as root: then initdb and the server run as the
 * {@code postgres} user (else {@code nobody}) through {@code setpriv}. The server runs under a small shell that
 * waits on a pipe from this JVM: when the JVM exits, however it exits (even SIGKILL), the pipe closes and the
 * shell stops the server and deletes the directory, so no cluster outlives its tests.
 */
final class Cluster {

    private final Path dir;
    private final int port;
    private final Process keeper;

    private Cluster(Path dir, int port, Process keeper) {
        this.dir = dir;
        this.port = port;
        this.keeper = keeper;
    }

    int port() {
        return port;
    }

    static Cluster start() throws IOException, InterruptedException {
        Path home = PgBinaries.locate();
        Path dir = Files.createTempDirectory("sluice-test-pg-");
        PgBinaries.worldReadable(dir);
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        List<String> asUser = runAsUnprivileged(data);
        List<String> initdb = new ArrayList<>(asUser);
        initdb.addAll(List.of(home.resolve("bin/initdb").toString(), "-D", data.toString(), "-U", "postgres",
                "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"));
        Process init = new ProcessBuilder(initdb).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("initdb.log").toFile()).start();
        if (!init.waitFor(120, TimeUnit.SECONDS) || init.exitValue() != 0) {
            init.destroyForcibly();
            throw new IOException("initdb failed: " + tail(dir.resolve("initdb.log")));
        }
        int port = freePort();
        String postgres = String.join(" ", quoteAll(asUser)) + " " + quote(home.resolve("bin/postgres").toString())
                + " -D " + quote(data.toString()) + " -p " + port
                + " -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=400"
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        // The keeper: starts the server, blocks reading stdin (our pipe), then stops the server and cleans up.
        String script = postgres + " >" + quote(dir.resolve("server.log").toString()) + " 2>&1 &\n"
                + "pid=$!\n"
                + "cat >/dev/null\n"
                + "kill -INT $pid 2>/dev/null\n"
                + "wait $pid\n"
                + "rm -rf " + quote(dir.toString()) + "\n";
        Process keeper = new ProcessBuilder("/bin/sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Cluster cluster = new Cluster(dir, port, keeper);
        cluster.awaitReady();
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "test-postgres-stop"));
        return cluster;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SQLException last = null;
        while (System.nanoTime() < deadline && keeper.isAlive()) {
            try (Connection c = DriverManager.getConnection(jdbc("postgres"), "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE ROLE sluice LOGIN PASSWORD 'sluice' CREATEDB");
                s.execute("CREATE DATABASE sluice_test OWNER sluice");
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(100); // polling a starting server: there is no event to wait on
            }
        }
        stop();
        throw new IOException("test PostgreSQL did not start on port " + port + ": "
                + (last == null ? "" : last.getMessage()) + " / " + tail(dir.resolve("server.log")));
    }

    String jdbc(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    void stop() {
        try {
            keeper.getOutputStream().close();
            keeper.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** As root: chown the data directory to an unprivileged user and return the setpriv prefix for it. */
    private static List<String> runAsUnprivileged(Path data) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        for (String user : List.of("postgres", "nobody")) {
            try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
                String[] entry = lines.map(l -> l.split(":")).filter(f -> f.length > 3 && f[0].equals(user))
                        .findFirst().orElse(null);
                if (entry == null) {
                    continue;
                }
                UserPrincipalLookupService lookup = data.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(data, lookup.lookupPrincipalByName(user));
                Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                return List.of("setpriv", "--reuid=" + entry[2], "--regid=" + entry[3], "--clear-groups");
            }
        }
        throw new IOException("running as root and neither a postgres nor a nobody user exists to run PostgreSQL");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static List<String> quoteAll(List<String> parts) {
        return parts.stream().map(Cluster::quote).toList();
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.substring(Math.max(0, text.length() - 2000));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
