package dev.sluice.sdk;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A small loopback HTTP server that records every request and answers with a programmable responder.
 * The SDK is what is under test: the stub decodes what arrives and fakes failures.
 */
final class StubServer implements AutoCloseable {

    /** A recorded request. */
    record Req(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** A canned response. */
    record Resp(int status, Map<String, String> headers, byte[] body) {
        static Resp json(int status, String json) {
            return new Resp(status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
        }

        static Resp proto(byte[] body) {
            return new Resp(200, Map.of("Content-Type", "application/proto"), body);
        }
    }

    private final HttpServer server;
    private final List<Req> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Req, Resp> responder;

    StubServer(Function<Req, Resp> responder) {
        this.responder = responder;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            Req req = new Req(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
                    Map.copyOf(ex.getRequestHeaders()), body);
            requests.add(req);
            Resp r;
            try {
                r = this.responder.apply(req);
            } catch (RuntimeException e) {
                r = Resp.json(500, "{\"error\":\"stub responder failed\"}");
            }
            r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
            if (r.body().length > 0) {
                ex.getResponseBody().write(r.body());
            }
            ex.close();
        });
        server.start();
    }

    void respond(Function<Req, Resp> responder) {
        this.responder = responder;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Req> requests() {
        return new ArrayList<>(requests);
    }

    List<Req> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Polls (no fixed sleeps) until {@code n} requests match, or fails after {@code timeout}. */
    List<Req> await(Predicate<Req> match, int n, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Req> got = requests.stream().filter(match).toList();
            if (got.size() >= n) {
                return got;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("expected " + n + " matching requests, got " + got.size() + ": "
                        + requests.stream().map(Req::path).toList());
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(5); // a poll interval, not a timing assumption
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
