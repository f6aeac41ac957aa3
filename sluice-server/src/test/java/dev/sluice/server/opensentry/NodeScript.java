package dev.sluice.server.opensentry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script from {@code src/test/node} with the real {@code node}. Missing node or missing
 * {@code node_modules} fail loudly with the fix: these tests exist to prove real clients work, so skipping
 * them silently would hide exactly what they guard. Shared by the Sentry and OTLP npm client tests.
 */
public final class NodeScript {

    /** What a finished script left behind. */
    public record Result(int exitCode, String stdout, String stderr) {

        /** The JSON after {@code prefix} on each stdout line that starts with it. */
        public List<String> lines(String prefix) {
            return stdout.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
        }
    }

    private NodeScript() {
    }

    /** The folder holding package.json, whether Maven runs from the module or from the reactor root. */
    public static Path folder() {
        for (Path candidate : List.of(Path.of("src/test/node"), Path.of("sluice-server/src/test/node"))) {
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return candidate.toAbsolutePath();
            }
        }
        throw new AssertionError("src/test/node/package.json not found from " + Path.of("").toAbsolutePath());
    }

    /** Runs {@code node <script>} in {@link #folder()} with {@code env} added, waiting at most {@code seconds}. */
    public static Result run(String script, Map<String, String> env, long seconds) throws IOException, InterruptedException {
        Path dir = folder();
        if (!Files.isDirectory(dir.resolve("node_modules/@zapdev-labs/sentry-clone"))) {
            throw new AssertionError("npm packages are not installed: run `npm ci` in " + dir
                    + " (.ci/run does this)");
        }
        Path out = Files.createTempFile("node-out", ".txt");
        Path err = Files.createTempFile("node-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder("node", script).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("`node` is not on PATH (install Node.js >= 18, e.g. apt-get install nodejs npm): "
                    + e.getMessage(), e);
        }
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("node " + script + " did not finish in " + seconds + " s; stdout:\n"
                        + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
