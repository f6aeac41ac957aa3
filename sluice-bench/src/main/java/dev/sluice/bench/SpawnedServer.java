package dev.sluice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar sluice-server.jar serve} as a child process, so its memory is its own: start time to the
 * first 200 from {@code /health}, and RSS read from {@code /proc/PID/status}. The child is stopped with
 * SIGTERM (it drains) and killed if it has not exited 30 s later, also when the generator itself exits.
 */
final class SpawnedServer {

    /** A started child: the target to load, and what starting it measured. */
    record Started(Target target, double startSeconds, long idleRssKb) {
    }

    private SpawnedServer() {
    }

    static Started start(Path jar, List<String> jvmOpts, Optional<String> db) throws Exception {
        Path dir = Files.createTempDirectory("sluice-bench-spawn-");
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            // Picking the port up front lets /health be polled from the moment the process exists.
            port = probe.getLocalPort();
        }
        Optional<PgSchema> schema = db.filter("pg"::equals).map(x -> PgSchema.create());
        Optional<String> url = schema.map(PgSchema::url).or(() -> db);
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOpts);
        cmd.addAll(List.of("-jar", jar.toString(), "serve", "--data", dir.toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--otlp-port", "0"));
        url.ifPresent(u -> cmd.addAll(List.of("--db", u)));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("server.log").toFile()).start();
        Thread killer = new Thread(p::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(killer);
        CompletableFuture<String> key = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("spawn-stdout").start(() -> readKey(p, key));
        double startSeconds = waitForHealth(port, t0);
        String rawKey = key.get(10, TimeUnit.SECONDS);
        // Let start-up garbage and JIT threads settle before calling the footprint "idle".
        Thread.sleep(3_000);
        long idle = rssKb(p.pid());
        String name = "spawned/" + (url.isPresent() ? "postgresql" : "sqlite");
        Target target = new Target(name, "127.0.0.1", port, rawKey, true, OptionalLong.of(p.pid()), () -> {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Runtime.getRuntime().removeShutdownHook(killer);
            schema.ifPresent(PgSchema::drop);
            Target.deleteTree(dir);
        });
        return new Started(target, startSeconds, idle);
    }

    private static void readKey(Process p, CompletableFuture<String> key) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String t = line.trim();
                if (t.startsWith("opensentry key")) {
                    key.complete(t.substring("opensentry key".length()).trim());
                }
            }
        } catch (IOException e) {
            key.completeExceptionally(e);
        }
        key.completeExceptionally(new IllegalStateException("server printed no opensentry key"));
    }

    private static double waitForHealth(int port, long t0) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(1)).build();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - t0) / 1e9;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("server did not answer /health within 30 s");
    }

    /** VmRSS of {@code pid} in KiB, or -1 when unreadable. */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
