package dev.sluice.sdk;

import dev.sluice.sdk.internal.HttpCall;
import dev.sluice.sdk.internal.HttpResult;
import dev.sluice.sdk.internal.JsonParser;
import dev.sluice.sdk.internal.ProtoReader;
import dev.sluice.sdk.internal.ProtoWriter;
import dev.sluice.sdk.internal.PugEncoder;
import dev.sluice.sdk.internal.Transport;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Synchronous Pug reads over Connect (not retried; the caller owns retries). Every failure is a
 * {@link SluiceException} with the Connect code. Less common RPCs are reachable raw through {@link #unary}.
 */
public final class PugReads {

    private final URI endpoint;
    private final Transport transport;
    private final Map<String, String> headers;
    private final String key;
    private final long timeoutMs;

    PugReads(URI endpoint, String key, Transport transport, long timeoutMs) {
        this.endpoint = endpoint;
        this.transport = transport;
        this.key = key;
        this.timeoutMs = timeoutMs;
        this.headers = PugEncoder.connectHeaders(key, timeoutMs);
    }

    /** Calls {@code /<package.Service>/<Method>} with a serialised request; returns the response bytes. */
    public byte[] unary(String rpcPath, byte[] request) {
        HttpResult r = send(HttpCall.post(URI.create(endpoint + rpcPath), headers, request));
        if (r.status() != 200) {
            throw error(r.status(), r.bodyText());
        }
        return r.body();
    }

    /** The activity feed of {@code distinctId}, every page, fetched lazily. */
    public Iterable<ActivityEvent> activityFeed(String distinctId, int pageSize) {
        return () -> new Pages<>(token -> {
            ProtoWriter req = new ProtoWriter().string(1, distinctId);
            if (pageSize > 0) {
                req.int64(5, pageSize);
            }
            token.ifPresent(t -> req.string(6, t));
            ProtoReader r = new ProtoReader(unary("/shared.activity.v1.ActivityService/GetActivityFeed",
                    req.toByteArray()));
            List<ActivityEvent> page = new ArrayList<>();
            String next = "";
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> page.add(activity(r.message()));
                    case 2 -> next = r.string();
                    default -> r.skip();
                }
            }
            return new Page<>(page, next);
        });
    }

    /**
     * Insights: the distinct ids of users who performed {@code eventKind} (empty = any event) within
     * [{@code from}, {@code to}), every page, fetched lazily.
     */
    public Iterable<String> segmentUsers(java.time.Instant from, java.time.Instant to, String eventKind) {
        return () -> new Pages<>(token -> {
            ProtoWriter range = new ProtoWriter().message(1, ProtoWriter.timestamp(from))
                    .message(2, ProtoWriter.timestamp(to));
            ProtoWriter filter = new ProtoWriter();
            if (eventKind != null && !eventKind.isEmpty()) {
                filter.string(1, eventKind);
            }
            ProtoWriter req = new ProtoWriter().message(1, range).message(2, new ProtoWriter().message(1, filter));
            token.ifPresent(t -> req.string(5, t));
            ProtoReader r = new ProtoReader(unary("/shared.insights.v1.InsightsService/SegmentUsers",
                    req.toByteArray()));
            List<String> ids = new ArrayList<>();
            String next = "";
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> ids.add(r.string());
                    case 2 -> next = r.string();
                    default -> r.skip();
                }
            }
            return new Page<>(ids, next);
        });
    }

    static ActivityEvent activity(ProtoReader m) {
        String id = "", kind = "", distinct = "", session = "";
        Optional<java.time.Instant> at = Optional.empty();
        Map<String, Object> auto = Map.of(), custom = Map.of();
        while (m.next()) {
            switch (m.field()) {
                case 1 -> id = m.string();
                case 2 -> kind = m.string();
                case 3 -> distinct = m.string();
                case 4 -> at = Optional.of(m.timestamp());
                case 5 -> session = m.string();
                case 6 -> auto = m.struct();
                case 7 -> custom = m.struct();
                default -> m.skip();
            }
        }
        return new ActivityEvent(id, kind, distinct, at, session, auto, custom);
    }

    HttpResult send(HttpCall call) {
        try {
            return transport.send(call);
        } catch (IOException e) {
            throw new SluiceException("unavailable", String.valueOf(e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceException("canceled", "interrupted", e);
        }
    }

    URI endpoint() {
        return endpoint;
    }

    Map<String, String> streamHeaders() {
        return Map.of("Content-Type", "application/connect+proto", "Connect-Protocol-Version", "1",
                "Connect-Timeout-Ms", Long.toString(timeoutMs), "x-api-key", key);
    }

    static SluiceException error(int status, String body) {
        Map<String, Object> m = JsonParser.object(body);
        Object code = m.get("code");
        return new SluiceException(code instanceof String s ? s : SluiceException.codeForStatus(status),
                String.valueOf(m.getOrDefault("message", "HTTP " + status)), null);
    }

    /** One page of a paginated read. */
    record Page<T>(List<T> items, String nextToken) {}

    /** Iterates pages lazily: the next page is fetched only when the current one is used up. */
    static final class Pages<T> implements Iterator<T> {
        interface Fetch<T> {
            Page<T> page(Optional<String> token);
        }

        private final Fetch<T> fetch;
        private Iterator<T> current;
        private String next;
        private int pages;

        Pages(Fetch<T> fetch) {
            this.fetch = fetch;
        }

        @Override
        public boolean hasNext() {
            while (current == null || !current.hasNext()) {
                if (current != null && (next == null || next.isEmpty())) {
                    return false;
                }
                if (++pages > 100_000) { // a server that never stops paging must not loop forever
                    throw new SluiceException("out_of_range", "more than 100000 pages", null);
                }
                Page<T> p = fetch.page(current == null ? Optional.empty() : Optional.of(next));
                current = p.items().iterator();
                next = p.nextToken();
            }
            return true;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }
    }
}
