package dev.sluice.server.cluster;

import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.store.Store;
import dev.sluice.store.StoreConfig;
import dev.sluice.store.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several real Sluice nodes in this JVM, each with its own HTTP port, log and pools, sharing one database, and
 * a way to fire one request at every node at the same instant (a barrier, not a sleep).
 */
final class Cluster implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final TestServer first;
    private final List<SluiceServer> others;
    private final StoreConfig db;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    private Cluster(TestServer first, List<SluiceServer> others, StoreConfig db) {
        this.first = first;
        this.others = others;
        this.db = db;
    }

    /** {@code nodes} nodes on {@code db}; the first one bootstraps the store and holds its secrets. */
    static Cluster start(Path dir, StoreConfig db, int nodes) {
        String dbUrl = TestDatabases.asDbUrl(db);
        TestServer first = TestServer.onDb(dir.resolve("node0"), dbUrl);
        List<SluiceServer> others = new ArrayList<>();
        for (int i = 1; i < nodes; i++) {
            others.add(SluiceServer.start(new ServerConfig("127.0.0.1", 0, dir.resolve("node" + i),
                    Optional.of(dbUrl), dev.sluice.server.log.LocalIngestLog.Limits.defaults()), Clock.systemUTC()));
        }
        return new Cluster(first, others, db);
    }

    /** A connection of its own to the shared database (the test's, not a node's). */
    java.sql.Connection connect() throws java.sql.SQLException {
        java.util.Properties props = new java.util.Properties();
        if (!db.user().isEmpty()) {
            props.setProperty("user", db.user());
            props.setProperty("password", db.password());
        }
        return java.sql.DriverManager.getConnection(db.jdbcUrl(), props);
    }

    int size() {
        return 1 + others.size();
    }

    String baseUrl(int node) {
        return node == 0 ? first.baseUrl() : others.get(node - 1).baseUrl();
    }

    String key(KeyKind kind) {
        return first.key(kind);
    }

    String adminToken() {
        return first.adminToken();
    }

    Store store() {
        return first.server().store();
    }

    String projectName() {
        return store().listProjects().getFirst().name();
    }

    /** Runs {@code call(node)} on every node at once (released together by a barrier); answers in node order. */
    <T> List<T> atOnce(IntFunction<T> call) throws Exception {
        return atOnce(size(), call);
    }

    /** As {@link #atOnce(IntFunction)}, on the first {@code nodes} nodes. */
    <T> List<T> atOnce(int nodes, IntFunction<T> call) throws Exception {
        CyclicBarrier start = new CyclicBarrier(nodes);
        List<Future<T>> futures = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            int node = n;
            futures.add(pool.submit(() -> {
                start.await();
                return call.apply(node);
            }));
        }
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    static HttpResponse<byte[]> post(String url, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Tailpoint task event to {@code node}. */
    HttpResponse<byte[]> task(int node, String json) {
        return post(baseUrl(node) + "/api/v1/ingest/tasks", json.getBytes(StandardCharsets.UTF_8), Map.of(
                "Content-Type", "application/json", "Authorization", "Bearer " + key(KeyKind.TAILPOINT_LIVE)));
    }

    /** An admin REST call with a JSON body. */
    HttpResponse<String> admin(int node, String method, String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl(node) + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** The sum over all nodes of a counter in {@code /metrics}. */
    double metricSum(String name) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$", Pattern.MULTILINE);
        double sum = 0;
        for (int n = 0; n < size(); n++) {
            String text = send(HttpRequest.newBuilder(URI.create(baseUrl(n) + "/metrics")).build()).body();
            Matcher m = line.matcher(text);
            while (m.find()) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    /** One number from the shared database. */
    long count(String sql, Object... args) {
        return store().read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public void close() {
        pool.shutdownNow();
        others.forEach(SluiceServer::close);
        first.close();
    }
}
