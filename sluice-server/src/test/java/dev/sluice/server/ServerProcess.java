package dev.sluice.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sluice serve} as a separate JVM (this JVM's java binary and class path), so a test can kill it the
 * hard way and start it again on the same data. Its stdout is read to the end on a background thread — the
 * port, and on a fresh store the banner's secrets — and its stderr log goes to a file for diagnostics.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Sluice listening on http://\\S+:(\\d+)");
    private static final Pattern SECRET = Pattern.compile("^\\s+(admin token|[a-z-]+ key)\\s+(\\S+)$");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** Queued by the stdout reader when the child's stdout ends. */
    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final int port;
    private final java.util.Map<String, String> secrets;
    private final Path log;

    private ServerProcess(Process process, int port, java.util.Map<String, String> secrets, Path log) {
        this.process = process;
        this.port = port;
        this.secrets = java.util.Map.copyOf(secrets);
        this.log = log;
    }

    /** Starts {@code serve} on a free loopback port over {@code dataDir} (and {@code db} when given). */
    public static ServerProcess start(Path dataDir, Optional<String> db) throws IOException, InterruptedException {
        return start(dataDir, db, List.of());
    }

    /** As {@link #start(Path, Optional)}, with more {@code serve} options. */
    public static ServerProcess start(Path dataDir, Optional<String> db, List<String> options)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // C1 only and the serial collector: the child starts faster on a small shared box; tests need no peak speed.
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "dev.sluice.server.Main",
                "serve", "--host", "127.0.0.1", "--port", "0", "--otlp-port", "0", "--data", dataDir.toString()));
        db.ifPresent(url -> cmd.addAll(List.of("--db", url)));
        cmd.addAll(options);
        Path log = Files.createTempFile(dataDir.getParent(), "server-", ".log");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        // Drained for the child's whole life: a full pipe would block it mid-write.
        Thread.ofPlatform().daemon().name("server-stdout-" + p.pid()).start(() -> pump(p, lines));
        java.util.Map<String, String> secrets = new java.util.HashMap<>();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(EOF)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("server did not start (" + (line == null ? "timeout" : "exited "
                        + p.exitValue()) + "); log:\n" + Files.readString(log));
            }
            Matcher secret = SECRET.matcher(line);
            if (secret.matches()) {
                secrets.put(secret.group(1), secret.group(2));
            }
            Matcher listening = LISTENING.matcher(line);
            if (listening.find()) {
                ServerProcess server = new ServerProcess(p, Integer.parseInt(listening.group(1)), secrets, log);
                server.awaitHealthy(deadline);
                return server;
            }
        }
    }

    private static void pump(Process p, LinkedBlockingQueue<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The child was killed; its stdout simply ends.
        }
        lines.add(EOF);
    }

    private void awaitHealthy(long deadlineNanos) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadlineNanos) {
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not accepting yet; try again shortly.
            }
            Thread.sleep(50);
        }
        throw new AssertionError("/health never answered 200 on " + baseUrl());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The admin token from the banner; empty when the store was not fresh (no banner is printed then). */
    public Optional<String> adminToken() {
        return secret("admin token");
    }

    /** A secret from the banner by its label ({@code "tailpoint-live key"}); empty when the store was not fresh. */
    public Optional<String> secret(String label) {
        return Optional.ofNullable(secrets.get(label));
    }

    /** The Open Sentry key from the banner; empty when the store was not fresh. */
    public Optional<String> openSentryKey() {
        return secret("opensentry key");
    }

    /** SIGKILL (on Linux): no shutdown hook, no drain, no goodbye — what a crash or OOM kill looks like. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("server " + process.pid() + " survived SIGKILL");
        }
    }

    /** The child's log so far, for failure messages. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Graceful stop (SIGTERM runs the drain hook), then a hard kill if it hangs. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
