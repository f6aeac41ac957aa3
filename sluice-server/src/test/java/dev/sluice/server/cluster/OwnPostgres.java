package dev.sluice.server.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own (never the shared one), in a temp directory on a free loopback port,
 * that the test can stop and start again to simulate an outage. Uses the PostgreSQL 15 server binaries of the
 * machine; as root, runs them as the {@code postgres} user (PostgreSQL refuses to run as root).
 */
final class OwnPostgres implements AutoCloseable {

    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    private final Path dir;
    private final int port;
    private final List<String> asUser;

    private OwnPostgres(Path dir, int port, List<String> asUser) {
        this.dir = dir;
        this.port = port;
        this.asUser = asUser;
    }

    static OwnPostgres start() throws IOException, InterruptedException {
        if (!Files.isExecutable(BIN.resolve("pg_ctl"))) {
            throw new IllegalStateException("the outage test needs PostgreSQL 15 server binaries in " + BIN
                    + " (apt-get install postgresql-15)");
        }
        Path dir = Files.createTempDirectory("sluice-outage-pg-");
        List<String> asUser = List.of();
        if ("root".equals(System.getProperty("user.name"))) {
            run(List.of("chown", "postgres", dir.toString()));
            asUser = List.of("runuser", "-u", "postgres", "--");
        }
        OwnPostgres pg = new OwnPostgres(dir, freePort(), asUser);
        pg.pgctl("initdb", "-o", "-A trust -U postgres -E UTF8 --no-locale --no-sync");
        pg.up();
        return pg;
    }

    /** {@code postgresql://} URL of the {@code postgres} database. */
    String url() {
        return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
    }

    /** Starts the server and waits until it accepts connections. */
    void up() throws IOException, InterruptedException {
        pgctl("start", "-w", "-t", "60", "-l", dir.resolve("server.log").toString(), "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off");
    }

    /** Stops the server the way an operator or a failover does: connections are cut, nothing waits. */
    void down() throws IOException, InterruptedException {
        pgctl("stop", "-w", "-m", "fast");
    }

    private void pgctl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(asUser);
        cmd.add(BIN.resolve("pg_ctl").toString());
        cmd.addAll(List.of("-D", dir.resolve("data").toString()));
        cmd.addAll(List.of(args));
        run(cmd);
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            pgctl("stop", "-w", "-m", "immediate");
        } catch (IOException e) {
            // Already stopped.
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
