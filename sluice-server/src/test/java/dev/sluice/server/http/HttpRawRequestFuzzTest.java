package dev.sluice.server.http;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.testing.http.RawHttp;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of raw HTTP bytes against a real server on loopback, starting from a readable seed
 * corpus ({@code HttpRawRequestFuzzTestInputs}: every ingest route; Content-Length, chunked with extensions and
 * trailers, HTTP/1.0 with and without a length, gzip and deflate bodies, conflicting and folded headers, LF-only
 * lines, HTTP/0.9 and HTTP/2 prefaces). Where {@link HttpFramingFuzzTest} builds a request from fuzzed choices,
 * this one lets the fuzzer mutate the bytes themselves. In a seed, {@code {OS}}, {@code {TS}}, {@code {TP}} and
 * {@code {PUG}} stand for a valid Open Sentry, TraceStax, Tailpoint and Pug private key.
 *
 * <p>Properties: an answer (or a close) within 10 s; never a 5xx other than 503 with {@code Retry-After} and
 * 501 for an unimplemented transfer coding or method (HTTP's own answer, e.g. {@code Transfer-Encoding: gzip,
 * chunked}); a single request that is refused (4xx) stores nothing. The store is SQLite unless
 * {@code -Dsluice.fuzz.store=postgresql}.
 */
class HttpRawRequestFuzzTest {

    private static final List<String> DATA_TABLES = List.of("error_events", "transactions", "ai_generations", "tasks",
            "job_events", "job_runs", "analytics_events", "log_records");
    private static Path dir;
    private static TestServer server;
    private static Map<String, String> keys;
    /** The last input held several requests: the server may still be committing the ones after the first. */
    private static boolean laterRequestsInFlight;

    private static synchronized TestServer server() throws IOException {
        if (server == null) {
            dir = Files.createTempDirectory("sluice-raw-fuzz-");
            StoreKind kind = StoreKind.valueOf(System.getProperty("sluice.fuzz.store", "sqlite").toUpperCase(Locale.ROOT));
            server = kind.start(dir);
            keys = Map.of("{OS}", server.key(KeyKind.OPENSENTRY), "{TS}", server.key(KeyKind.TRACESTAX_LIVE),
                    "{TP}", server.key(KeyKind.TAILPOINT_LIVE), "{PUG}", server.key(KeyKind.PUG_PRIVATE));
        }
        return server;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @FuzzTest(maxDuration = "60s")
    void anyRawRequestIsAnsweredWithoutServerError(byte[] input) throws IOException {
        // Jazzer's SSRF detector refuses sockets opened from fuzzed data; ours go only to our own loopback server.
        BugDetectors.allowNetworkConnections((host, port) -> host.equals("localhost") || host.startsWith("127."));
        TestServer s = server();
        String text = new String(input, StandardCharsets.ISO_8859_1);
        for (Map.Entry<String, String> k : keys.entrySet()) {
            text = text.replace(k.getKey(), k.getValue());
        }
        byte[] request = text.getBytes(StandardCharsets.ISO_8859_1);
        boolean single = text.indexOf(" HTTP/") == text.lastIndexOf(" HTTP/");
        if (single) {
            // Else a previous input's work still committing (pipelined requests, or one whose answer we stopped
            // reading) looks like this one's rows: two campaign findings were exactly that and pass alone.
            awaitQuiet(s, laterRequestsInFlight ? 200 : 50);
        }
        laterRequestsInFlight = !single;
        long before = single ? stored(s) : 0;
        RawHttp.Response res;
        try {
            res = RawHttp.exchange(s.server().port(), request, Duration.ofSeconds(10));
        } catch (SocketTimeoutException hang) {
            throw new AssertionError("no answer within 10 s to: " + printable(text), hang);
        } catch (IOException closed) {
            return; // garbage that is not HTTP may be answered by closing the connection
        }
        // 501 is HTTP's own answer to a transfer coding or method the server does not implement (RFC 9112 6.1,
        // RFC 9110 9.1), not a server fault; every other 5xx is, except a 503 that says when to retry.
        boolean allowed = res.status() == 501 || (res.status() == 503 && res.headers().containsKey("retry-after"));
        if (res.status() >= 500 && !allowed) {
            throw new AssertionError(res.status() + " " + res.bodyText() + " for: " + printable(text));
        }
        if (single && res.status() >= 400 && stored(s) != before && refusedButStoredAgain(s, request)) {
            throw new AssertionError("refused with " + res.status() + " but rows were stored: " + printable(text));
        }
    }

    /**
     * Replays a request that looked refused-but-stored once the store has been quiet for a full second. Under a
     * campaign's load an earlier input's commit can still land after the 50-200 ms quiet window and look like this
     * one's rows (three campaign findings were exactly that, and each passed when replayed alone); a request that
     * really stores what it refuses does so again on a quiet store, so the check still catches the bug.
     */
    private static boolean refusedButStoredAgain(TestServer s, byte[] request) throws IOException {
        awaitQuiet(s, 1_000);
        long before = stored(s);
        RawHttp.Response again = RawHttp.exchange(s.server().port(), request, Duration.ofSeconds(10));
        return again.status() >= 400 && stored(s) != before;
    }

    /** Waits (at most 5 s) until the stored row count stops changing for {@code windowMs}. */
    private static void awaitQuiet(TestServer s, long windowMs) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long last = stored(s);
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(windowMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = stored(s);
            if (now == last) {
                return;
            }
            last = now;
        }
    }

    private static String printable(String request) {
        String cut = request.length() > 600 ? request.substring(0, 600) + "..." : request;
        return cut.replace("\r", "\\r").replace("\n", "\\n\n");
    }

    private static long stored(TestServer s) {
        StringBuilder sql = new StringBuilder("SELECT 0");
        for (String t : DATA_TABLES) {
            sql.append(" + (SELECT COUNT(*) FROM ").append(t).append(')');
        }
        return s.server().store().read(c -> {
            try (var rs = c.createStatement().executeQuery(sql.toString())) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
