package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.TransactionStats;
import dev.sluice.store.Store;
import dev.sluice.store.StoreConfig;
import dev.sluice.store.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sentry's newer items under a real crash, on both stores: clients send envelopes that each carry an error
 * event with an attachment, a cron check-in, a release-health session, a client report and a log record, plus
 * a transaction envelope, until the server JVM is SIGKILLed. After the restart, every acknowledged envelope is
 * there with each of its items exactly once, an envelope is all or nothing, and nothing unsent appears: every
 * count is read back through the REST API, and the transactions' per-name histograms from the store. Then every
 * envelope sent before the kill, answered or not, is sent again, byte for byte, as an SDK retries: each one is
 * then there exactly once (resent attachments, check-ins, sessions, reports and logs are recognised across
 * the restart, because their keys were committed with them). OTLP spans whose root never comes join the load:
 * with a one-second join window the sweep makes them transactions of their own while the kill may strike, and
 * each stored one is counted in the histograms exactly once.
 */
class SentryCrashTest {

    private static final int CLIENTS = 6;
    private static final int MAX_PER_CLIENT = 5_000;
    private static final int ATTACHMENT_BYTES = 1_500;

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Set<Integer> acked = ConcurrentHashMap.newKeySet();
    private final Set<Integer> unsure = ConcurrentHashMap.newKeySet();
    private final Set<Integer> ackedTx = ConcurrentHashMap.newKeySet();
    private final Set<Integer> unsureTx = ConcurrentHashMap.newKeySet();
    /** The bytes of every envelope sent, to resend them unchanged after the restart. */
    private final Map<Integer, byte[]> sentMixed = new ConcurrentHashMap<>();
    private final Map<Integer, byte[]> sentTx = new ConcurrentHashMap<>();
    /** Client-report envelopes without an event id: a resend is known by its bytes (sent_at aside). */
    private final Map<Integer, byte[]> sentReports = new ConcurrentHashMap<>();
    private final Set<Integer> ackedReports = ConcurrentHashMap.newKeySet();
    private final Map<Integer, byte[]> sentOrphans = new ConcurrentHashMap<>();
    private final Set<Integer> ackedOrphans = ConcurrentHashMap.newKeySet();
    /** A join window of one second: the orphan sweep runs every second, under the load and across the kill. */
    private static final List<String> OPTIONS = List.of("--trace-join-window", "1");

    @Test
    void sqliteKeepsEveryAcknowledgedSentryItemExactlyOnce() throws Exception {
        crashAndRecover(Optional.empty());
    }

    @Test
    void postgresqlKeepsEveryAcknowledgedSentryItemExactlyOnce() throws Exception {
        crashAndRecover(Optional.of(TestDatabases.asDbUrl(TestDatabases.postgres())));
    }

    static String eventId(int n) {
        return String.format("%032x", n + 1L);
    }

    /** Envelope {@code n}: an error event ("item n") with its attachment, check-in, session, report and log. */
    static byte[] mixed(int n) {
        long now = System.currentTimeMillis();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("{\"event_id\":\"" + eventId(n) + "\"}\n{\"type\":\"event\"}\n{\"message\":\"item " + n
                + "\",\"level\":\"error\"}\n{\"type\":\"attachment\",\"length\":" + ATTACHMENT_BYTES
                + ",\"filename\":\"a" + n + ".bin\"}\n").getBytes(StandardCharsets.UTF_8));
        byte[] data = new byte[ATTACHMENT_BYTES];
        java.util.Arrays.fill(data, (byte) n);
        b.writeBytes(data);
        b.writeBytes(("\n{\"type\":\"check_in\"}\n{\"check_in_id\":\"c" + n + "\",\"monitor_slug\":\"job-" + (n % 3)
                + "\",\"status\":\"ok\",\"duration\":1.5}\n"
                + "{\"type\":\"session\"}\n{\"sid\":\"s" + n + "\",\"status\":\"exited\",\"errors\":0,\"started\":\""
                + Instant.ofEpochMilli(now) + "\",\"attrs\":{\"release\":\"app@1.0\",\"environment\":\"crash\"}}\n"
                + "{\"type\":\"client_report\"}\n{\"timestamp\":" + now / 1000 + ",\"discarded_events\":["
                + "{\"reason\":\"queue_overflow\",\"category\":\"error\",\"quantity\":1}]}\n"
                + "{\"type\":\"log\",\"item_count\":1,\"content_type\":\"application/vnd.sentry.items.log+json\"}\n"
                + "{\"items\":[{\"timestamp\":" + now / 1000.0 + ",\"level\":\"info\",\"body\":\"log " + n + "\"}]}\n")
                .getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    /** A transaction envelope "tx n" (its own event id, so it feeds the per-name histograms once). */
    static byte[] transaction(int n) {
        double end = System.currentTimeMillis() / 1000.0;
        String id = String.format("%032x", 1_000_000_000L + n);
        return ("{\"event_id\":\"" + id + "\"}\n{\"type\":\"transaction\"}\n{\"event_id\":\"" + id + "\",\"type\":"
                + "\"transaction\",\"transaction\":\"tx " + n + "\",\"start_timestamp\":" + (end - 0.05) + ",\"timestamp\":"
                + end + ",\"contexts\":{\"trace\":{\"trace_id\":\"" + String.format("%032x", 7L + n) + "\",\"span_id\":\""
                + String.format("%016x", 9L + n) + "\",\"op\":\"http.server\"}},\"spans\":[]}\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A client report alone ("span" drops, quantity 1), as SDKs send one between events: no event id. */
    static byte[] report(int n, String sentAt) {
        return ("{\"sent_at\":\"" + sentAt + "\"}\n{\"type\":\"client_report\"}\n{\"timestamp\":" + (1_764_000_000L + n)
                + ",\"discarded_events\":[{\"reason\":\"sample_rate\",\"category\":\"span\",\"quantity\":1}]}\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** An OTLP/JSON export of one client span "orphan n" whose parent (the root) is never sent. */
    static byte[] orphan(int n) {
        long start = System.currentTimeMillis() * 1_000_000L;
        return ("{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                + "{\"stringValue\":\"crash\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":\""
                + String.format("%032x", 5_000_000_000L + n) + "\",\"spanId\":\"" + String.format("%016x", 77L + n)
                + "\",\"parentSpanId\":\"ffffffffffffffff\",\"name\":\"orphan " + n + "\",\"kind\":3,"
                + "\"startTimeUnixNano\":\"" + start + "\",\"endTimeUnixNano\":\"" + (start + 3_000_000L) + "\"}]}]}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** 200 → true; no answer → false; anything else fails the test. */
    private boolean send(String base, String key, byte[] body) {
        return post(base, key, body, "/api/1/envelope/");
    }

    private boolean post(String base, String key, byte[] body, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30)).header("X-Sentry-Auth", "Sentry sentry_key=" + key)
                    .header("X-Open-Sentry-Key", key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError(r.statusCode() + " " + r.body());
            }
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void crashAndRecover(Optional<String> db) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        ServerProcess first = ServerProcess.start(data, db, OPTIONS);
        String token = first.adminToken().orElseThrow();
        String key = first.openSentryKey().orElseThrow();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
        for (int c = 0; c < CLIENTS; c++) {
            clients.submit(() -> {
                for (int i = 0; i < MAX_PER_CLIENT; i++) {
                    int n = next.getAndIncrement();
                    unsure.add(n);
                    sentMixed.put(n, mixed(n));
                    if (!send(first.baseUrl(), key, sentMixed.get(n))) {
                        return;
                    }
                    unsure.remove(n);
                    acked.add(n);
                    unsureTx.add(n);
                    sentTx.put(n, transaction(n));
                    if (!send(first.baseUrl(), key, sentTx.get(n))) {
                        return;
                    }
                    unsureTx.remove(n);
                    ackedTx.add(n);
                    sentReports.put(n, report(n, Instant.now().toString()));
                    if (!send(first.baseUrl(), key, sentReports.get(n))) {
                        return;
                    }
                    ackedReports.add(n);
                    sentOrphans.put(n, orphan(n));
                    if (!post(first.baseUrl(), key, sentOrphans.get(n), "/v1/traces")) {
                        return;
                    }
                    ackedOrphans.add(n);
                }
            });
        }
        long start = System.nanoTime();
        while (System.nanoTime() - start < Duration.ofSeconds(60).toNanos()
                && (acked.size() < 150 || System.nanoTime() - start < Duration.ofMillis(1500).toNanos())) {
            Thread.sleep(10);
        }
        first.kill();
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(acked).as("acknowledged before the kill").hasSizeGreaterThan(50);

        Set<Integer> storedTx;
        Set<Integer> storedOrphans;
        try (ServerProcess second = ServerProcess.start(data, db, OPTIONS)) {
            ApiClient api = new ApiClient(second.baseUrl(), token);
            verify(api);
            System.out.printf("sentry crash test (%s): acked %d envelopes + %d transactions, unanswered %d + %d%n",
                    db.isPresent() ? "postgresql" : "sqlite", acked.size(), ackedTx.size(), unsure.size(),
                    unsureTx.size());
            resendAll(second.baseUrl(), key);
            storedTx = verify(api);
            storedOrphans = orphans(api);
            assertThat(storedOrphans).as("every orphan piece sent, once").isEqualTo(sentOrphans.keySet());
            // Pieces resent just now wait out their window before the sweep (every second) counts them.
            Thread.sleep(4_000);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n(first server's log:\n" + first.log() + ")", e);
        }
        // The per-name histograms (no REST route of their own; the dashboard reads them through TransactionStats)
        // counted each stored transaction once: read with the server stopped, on the same store.
        try (Store store = Store.open(db.map(StoreConfig::parse).orElseGet(() -> StoreConfig.sqlite(data)))) {
            ProjectId project = store.listProjects().stream().filter(p -> p.name().equals("default")).findFirst()
                    .orElseThrow().id();
            Map<String, Long> counts = new HashMap<>();
            TransactionStats.create(store).byName(project, Instant.now().minus(Duration.ofDays(1)),
                    Instant.now().plus(Duration.ofHours(1))).forEach(n -> counts.put(n.name(), n.count()));
            Map<String, Long> expected = new HashMap<>();
            storedTx.forEach(n -> expected.put("tx " + n, 1L));
            storedOrphans.forEach(n -> expected.put("orphan " + n, 1L));
            assertThat(counts).as("histogram counts per transaction name").isEqualTo(expected);
        }
    }

    /** The numbers of the orphan pieces listed as transactions, each listed once. */
    private static Set<Integer> orphans(ApiClient api) {
        List<String> names = api.all("/api/projects/default/transactions", 200).stream()
                .map(t -> t.get("name").asText()).filter(name -> name.startsWith("orphan ")).toList();
        assertThat(names).doesNotHaveDuplicates();
        Set<Integer> out = new HashSet<>();
        names.forEach(name -> out.add(Integer.parseInt(name.substring("orphan ".length()))));
        return out;
    }

    /** Sends every envelope sent before the kill again, unchanged; each is then acknowledged. */
    private void resendAll(String base, String key) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        sentMixed.forEach((n, body) -> done.add(pool.submit(() -> {
            assertThat(send(base, key, body)).as("resend of envelope %d", n).isTrue();
            acked.add(n);
            unsure.remove(n);
        })));
        // The Java SDK rewrites sent_at when it sends an envelope again: the resend is still recognised.
        sentReports.forEach((n, body) -> done.add(pool.submit(() -> {
            byte[] again = n % 2 == 0 ? body : report(n, Instant.now().plusSeconds(7).toString());
            assertThat(send(base, key, again)).as("resend of report %d", n).isTrue();
            ackedReports.add(n);
        })));
        sentOrphans.forEach((n, body) -> done.add(pool.submit(() -> {
            assertThat(post(base, key, body, "/v1/traces")).as("resend of orphan %d", n).isTrue();
            ackedOrphans.add(n);
        })));
        sentTx.forEach((n, body) -> done.add(pool.submit(() -> {
            assertThat(send(base, key, body)).as("resend of transaction %d", n).isTrue();
            ackedTx.add(n);
            unsureTx.remove(n);
        })));
        for (java.util.concurrent.Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertThat(unsure).isEmpty();
        assertThat(unsureTx).isEmpty();
        assertThat(ackedReports).isEqualTo(sentReports.keySet());
    }

    /** Checks every count through REST; answers the stored transactions' numbers. */
    private Set<Integer> verify(ApiClient api) {
        CrashRecoveryTest.Stored events = CrashRecoveryTest.Stored.read(api);
        events.assertConsistent();
        Set<Integer> stored = new HashSet<>();
        events.ids().forEach(id -> stored.add(Integer.parseInt(id)));
        assertThat(stored).as("every acknowledged envelope's event").containsAll(acked);
        Set<Integer> sent = new HashSet<>(acked);
        sent.addAll(unsure);
        assertThat(sent).as("stored events that were never sent").containsAll(stored);

        // Every other item of an envelope is there exactly when its event is: all or nothing, once.
        for (int n : stored) {
            JsonNode files = api.get("/api/projects/default/events/" + eventId(n) + "/attachments").get("items");
            assertThat(files).as("attachments of envelope %d", n).hasSize(1);
            assertThat(files.get(0).get("size").asInt()).isEqualTo(ATTACHMENT_BYTES);
        }
        // The quota's running total is written in the attachment's own transaction: it survives the kill exact.
        assertThat(api.get("/api/projects/default/attachment-quota").get("usedBytes").asLong())
                .as("attachment quota used bytes").isEqualTo((long) stored.size() * ATTACHMENT_BYTES);
        List<String> checkIns = new java.util.ArrayList<>();
        for (int m = 0; m < 3; m++) {
            int slug = m;
            if (stored.stream().noneMatch(n -> n % 3 == slug)) {
                continue;
            }
            api.all("/api/projects/default/monitors/job-" + m + "/checkins", 200)
                    .forEach(c -> checkIns.add(c.get("checkInId").asText()));
        }
        assertThat(checkIns).doesNotHaveDuplicates();
        assertThat(checkIns).containsExactlyInAnyOrderElementsOf(stored.stream().map(n -> "c" + n).toList());
        String range = "from=" + Instant.now().minus(Duration.ofDays(1)) + "&to=" + Instant.now().plus(Duration.ofDays(1));
        JsonNode releases = api.get("/api/projects/default/releases?environment=crash&" + range).get("items");
        assertThat(releases).singleElement().satisfies(r -> {
            assertThat(r.get("sessions").asLong()).as("sessions").isEqualTo(stored.size());
            assertThat(r.get("healthy").asLong()).isEqualTo(stored.size());
        });
        long discarded = 0;
        long spans = 0;
        for (JsonNode r : api.get("/api/projects/default/client-reports?" + range).get("items")) {
            if (r.get("category").asText().equals("span")) {
                spans += r.get("quantity").asLong();
            } else {
                discarded += r.get("quantity").asLong();
            }
        }
        assertThat(discarded).as("client-reported drops").isEqualTo(stored.size());
        assertThat(spans).as("report envelopes stored once each").isBetween((long) ackedReports.size(),
                (long) sentReports.size());
        List<String> logs = api.all("/api/projects/default/logs?" + range, 200).stream()
                .map(l -> l.get("body").asText()).toList();
        assertThat(logs).doesNotHaveDuplicates();
        assertThat(logs).containsExactlyInAnyOrderElementsOf(stored.stream().map(n -> "log " + n).toList());

        List<String> txs = api.all("/api/projects/default/transactions", 200).stream()
                .map(t -> t.get("name").asText()).filter(name -> name.startsWith("tx ")).toList();
        assertThat(txs).doesNotHaveDuplicates();
        Set<Integer> storedTx = new HashSet<>();
        txs.forEach(t -> storedTx.add(Integer.parseInt(t.substring("tx ".length()))));
        assertThat(storedTx).containsAll(ackedTx);
        Set<Integer> sentTx = new HashSet<>(ackedTx);
        sentTx.addAll(unsureTx);
        assertThat(sentTx).containsAll(storedTx);
        return storedTx;
    }
}
