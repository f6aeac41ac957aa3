package dev.sluice.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounded concurrent Open Sentry load whose every item is traceable: item {@code c<client>-<n>} carries
 * {@code eventId} {@code ev-c<client>-<n>} and the unique top-level {@code message} {@code item c<client>-<n>}
 * (its exception text is per client, so items group into one issue per client). Each item ends in exactly one
 * of three sets: acknowledged (202), refused (another status), or unknown (no answer, e.g. the server died).
 */
public final class IngestLoad {

    private final String url;
    private final String key;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final Set<String> unknown = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> refused = new ConcurrentHashMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> clients = new ArrayList<>();
    private final String prefix;

    public IngestLoad(String baseUrl, String key) {
        this(baseUrl, key, "c");
    }

    /** Item ids start with {@code prefix} (no dash), so several loads on one store never share an id. */
    public IngestLoad(String baseUrl, String key, String prefix) {
        this.url = baseUrl + "/v1/ingest";
        this.key = key;
        this.prefix = prefix;
    }

    /** Starts {@code count} virtual-thread clients, each sending at most {@code maxItems} items until stopped. */
    public void start(int count, int maxItems) {
        for (int c = 0; c < count; c++) {
            int client = c;
            clients.add(Thread.ofVirtual().name("load-" + c).start(() -> run(client, maxItems)));
        }
    }

    private void run(int client, int maxItems) {
        for (int n = 0; n < maxItems && !stop.get(); ) {
            // 1, 2 or 3 items a request, so multi-item batches are cut by the crash too.
            List<String> ids = new ArrayList<>();
            for (int k = 1 + n % 3; k > 0 && n < maxItems; k--, n++) {
                ids.add(prefix + client + "-" + n);
            }
            if (post(ids) != 202) {
                return; // refused or unanswered: the server is going away; a real client backs off, not spins
            }
        }
    }

    /** Sends {@code ids} as one request and files them by its outcome; answers whether it was a 202. */
    public boolean send(Collection<String> ids) {
        return post(ids) == 202;
    }

    /** The status of one request carrying {@code ids}, or -1 when there was no answer. */
    private int post(Collection<String> ids) {
        StringBuilder body = new StringBuilder("[");
        for (String id : ids) {
            String client = id.substring(0, id.indexOf('-'));
            body.append(body.length() > 1 ? "," : "").append("{\"type\":\"error\",\"eventId\":\"ev-").append(id)
                    .append("\",\"message\":\"item ").append(id)
                    .append("\",\"exception\":{\"type\":\"CrashLoad\",\"value\":\"load from ").append(client)
                    .append("\"}}");
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("X-Open-Sentry-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body.append("]").toString())).build();
        try {
            int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 202) {
                acked.addAll(ids);
                unknown.removeAll(ids);
            } else {
                ids.forEach(id -> refused.put(id, status));
            }
            return status;
        } catch (IOException e) {
            unknown.addAll(ids);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unknown.addAll(ids);
        }
        return -1;
    }

    /** Stops the clients and waits (bounded) for them to finish their current request. */
    public void stop() throws InterruptedException {
        stop.set(true);
        for (Thread t : clients) {
            if (!t.join(Duration.ofSeconds(15))) {
                throw new AssertionError(t.getName() + " did not stop");
            }
        }
    }

    /** Items answered 202 (at the time of asking). */
    public Set<String> acked() {
        return Set.copyOf(acked);
    }

    /** Items sent whose request got no answer. */
    public Set<String> unknown() {
        return Set.copyOf(unknown);
    }

    /** Items refused, with the status. */
    public Map<String, Integer> refused() {
        return Map.copyOf(refused);
    }

    public int ackedCount() {
        return acked.size();
    }
}
