package dev.sluice.server.sentry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SDKs resend the same envelope after a timeout or a 5xx. With raw envelopes on a real server, on both stores:
 * a resend stores its attachment, log records, client report, session aggregate and check-in once (the event was
 * already deduplicated by its id), while new data that merely looks alike (a late attachment of the same event,
 * a later status of the same run, a later report, a second flush of the same session bucket) still counts.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class SentryResendTest {

    private static final String EVENT = "a".repeat(32);
    private static final String RANGE = "from=2025-11-29T00:00:00Z&to=2025-12-02T00:00:00Z";

    TestServer s;

    @BeforeEach
    void start(TestServer server) {
        s = server;
    }

    /** An envelope: the header line, then items, each "header\npayload". */
    static byte[] envelope(String header, String... items) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((header + "\n").getBytes(StandardCharsets.UTF_8));
        for (String item : items) {
            b.writeBytes((item + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    static String attachment(String filename, String content) {
        return "{\"type\":\"attachment\",\"length\":" + content.length() + ",\"filename\":\"" + filename + "\"}\n"
                + content;
    }

    static String report(long timestamp, int quantity) {
        return "{\"type\":\"client_report\"}\n{\"timestamp\":" + timestamp + ",\"discarded_events\":[{\"reason\":"
                + "\"queue_overflow\",\"category\":\"error\",\"quantity\":" + quantity + "}]}";
    }

    static String log(String body) {
        return "{\"type\":\"log\",\"item_count\":1,\"content_type\":\"application/vnd.sentry.items.log+json\"}\n"
                + "{\"items\":[{\"timestamp\":1764496800.5,\"level\":\"info\",\"body\":\"" + body + "\"}]}";
    }

    static String sessions(int exited) {
        return "{\"type\":\"sessions\"}\n{\"aggregates\":[{\"started\":\"2025-11-30T10:00:00Z\",\"exited\":" + exited
                + "}],\"attrs\":{\"release\":\"app@1.0\",\"environment\":\"resend\"}}";
    }

    static String checkIn(String id, String status) {
        return "{\"type\":\"check_in\"}\n{\"check_in_id\":\"" + id + "\",\"monitor_slug\":\"nightly\",\"status\":\""
                + status + "\"}";
    }

    HttpResponse<String> send(byte[] envelope) {
        HttpResponse<String> r = s.post("/api/1/envelope/", envelope,
                Map.of("X-Sentry-Auth", "Sentry sentry_key=" + s.key(KeyKind.OPENSENTRY)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = s.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    List<String> attachments() throws Exception {
        List<String> out = new ArrayList<>();
        get("/api/projects/default/events/" + EVENT + "/attachments").get("items")
                .forEach(a -> out.add(a.get("filename").asText() + ":" + a.get("size").asInt()));
        return out;
    }

    long reported() throws Exception {
        long n = 0;
        for (JsonNode r : get("/api/projects/default/client-reports").get("items")) {
            n += r.get("quantity").asLong();
        }
        return n;
    }

    long sessionCount() throws Exception {
        JsonNode items = get("/api/projects/default/releases?environment=resend&" + RANGE).get("items");
        return items.isEmpty() ? 0 : items.get(0).get("sessions").asLong();
    }

    List<String> logs() throws Exception {
        List<String> out = new ArrayList<>();
        get("/api/projects/default/logs?" + RANGE).get("items").forEach(l -> out.add(l.get("body").asText()));
        return out;
    }

    JsonNode runs() throws Exception {
        return get("/api/projects/default/monitors/nightly/checkins").get("items");
    }

    @Test
    void aResentEnvelopeStoresEachItemOnce() throws Exception {
        byte[] mixed = envelope("{\"event_id\":\"" + EVENT + "\",\"sent_at\":\"2025-11-30T10:00:01Z\"}",
                "{\"type\":\"event\"}\n{\"message\":\"disk full\",\"level\":\"error\"}", attachment("log.txt", "hello"),
                report(1764496800, 3), log("with the event"), sessions(5), checkIn("c1", "in_progress"));
        send(mixed);
        send(mixed);
        // The Java SDK rewrites sent_at when it sends the same envelope again.
        send(new String(mixed, StandardCharsets.UTF_8).replace("10:00:01Z", "10:00:09Z").getBytes(StandardCharsets.UTF_8));
        assertThat(attachments()).containsExactly("log.txt:5");
        assertThat(reported()).isEqualTo(3);
        assertThat(logs()).containsExactly("with the event");
        assertThat(sessionCount()).isEqualTo(5);
        assertThat(runs()).singleElement().satisfies(r -> assertThat(r.get("status").asText()).isEqualTo("in_progress"));
        assertThat(s.get("/metrics").body())
                .contains("sluice_sentry_client_discarded_total{category=\"error\",reason=\"queue_overflow\"} 3.0");

        // Attachments of the same event sent later in envelopes of their own: new files (or new bytes) count.
        byte[] late = envelope("{\"event_id\":\"" + EVENT + "\"}", attachment("dump.bin", "0123456789"),
                attachment("log.txt", "hello again"));
        send(late);
        send(late);
        assertThat(attachments()).containsExactlyInAnyOrder("log.txt:5", "dump.bin:10", "log.txt:11");
    }

    @Test
    void aRunsLaterStatusAppliesButItsResendDoesNot() throws Exception {
        byte[] open = envelope("{}", checkIn("c2", "in_progress"));
        byte[] done = envelope("{}", checkIn("c2", "ok"));
        send(open);
        send(done);
        JsonNode run = runs().get(0);
        assertThat(run.get("status").asText()).isEqualTo("ok");
        String finished = run.get("finishedAt").asText();
        double duration = run.get("durationMs").asDouble();
        Thread.sleep(30);
        // A resend of the closing check-in would otherwise move the run's end to its own arrival.
        send(done);
        send(open);
        assertThat(runs()).singleElement().satisfies(r -> {
            assertThat(r.get("status").asText()).isEqualTo("ok");
            assertThat(r.get("finishedAt").asText()).isEqualTo(finished);
            assertThat(r.get("durationMs").asDouble()).isEqualTo(duration);
        });
        // An error for the same run is a new status: it applies.
        send(envelope("{}", checkIn("c2", "error")));
        assertThat(runs().get(0).get("status").asText()).isEqualTo("error");
    }

    @Test
    void envelopesWithoutAnEventIdAreIdentifiedByTheirBytes() throws Exception {
        byte[] reportOnly = envelope("{\"sent_at\":\"2025-11-30T10:00:00Z\"}", report(1764496800, 2));
        send(reportOnly);
        send(new String(reportOnly, StandardCharsets.UTF_8).replace("10:00:00Z", "10:00:30Z")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(reported()).as("the same report, sent_at rewritten").isEqualTo(2);
        send(envelope("{\"sent_at\":\"2025-11-30T10:01:00Z\"}", report(1764496860, 2)));
        assertThat(reported()).as("a later report with the same counts").isEqualTo(4);

        // One log item of two records and a second item: all three stored once.
        byte[] logsOnly = envelope("{}", log("alone"), "{\"type\":\"log\",\"item_count\":2,\"content_type\":"
                + "\"application/vnd.sentry.items.log+json\"}\n{\"items\":[{\"timestamp\":1764496801,\"level\":\"info\","
                + "\"body\":\"first\"},{\"timestamp\":1764496802,\"level\":\"info\",\"body\":\"second\"}]}");
        send(logsOnly);
        send(logsOnly);
        assertThat(logs()).containsExactlyInAnyOrder("alone", "first", "second");

        // Session aggregates: the bytes including sent_at identify a resend; a second flush of the same
        // minute's bucket with the same counts differs only in sent_at, and counts.
        byte[] flush = envelope("{\"sent_at\":\"2025-11-30T10:01:00Z\"}", sessions(1));
        send(flush);
        send(flush);
        assertThat(sessionCount()).isEqualTo(1);
        send(envelope("{\"sent_at\":\"2025-11-30T10:02:00Z\"}", sessions(1)));
        assertThat(sessionCount()).isEqualTo(2);
    }

    @Test
    void concurrentCopiesOfOneEnvelopeStoreOnce() throws Exception {
        byte[] copy = envelope("{\"sent_at\":\"2025-11-30T11:00:00Z\"}", report(1764500000, 7), log("raced"),
                sessions(3));
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sent.add(pool.submit(() -> send(copy)));
        }
        for (Future<HttpResponse<String>> f : sent) {
            assertThat(f.get().statusCode()).isEqualTo(200);
        }
        pool.shutdown();
        assertThat(reported()).isEqualTo(7);
        assertThat(logs()).containsExactly("raced");
        assertThat(sessionCount()).isEqualTo(3);
    }
}
