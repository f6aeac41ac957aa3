package dev.sluice.server.alerts;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real webhook receiver on a loopback port (the JDK's HttpServer): records every request and answers the
 * statuses it was given in order, then 200.
 */
public final class Receiver implements AutoCloseable {

    /** One received request. */
    public record Request(String path, Map<String, String> headers, String body, long receivedNanos) {
    }

    private final HttpServer server;
    private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Integer> statuses;
    private final AtomicInteger count = new AtomicInteger();

    private Receiver(HttpServer server, List<Integer> statuses) {
        this.server = server;
        this.statuses = new ConcurrentLinkedQueue<>(statuses);
    }

    /** Listens on {@code port} (0: a free one), answering {@code statuses} first. */
    public static Receiver start(int port, List<Integer> statuses) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        Receiver r = new Receiver(s, statuses);
        s.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            Map<String, String> headers = new java.util.HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            r.requests.add(new Request(ex.getRequestURI().getPath(), headers, new String(body, StandardCharsets.UTF_8),
                    System.nanoTime()));
            r.count.incrementAndGet();
            Integer status = r.statuses.poll();
            ex.sendResponseHeaders(status == null ? 200 : status, -1);
            ex.close();
        });
        s.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        s.start();
        return r;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** The next request, waiting up to {@code seconds}; fails when none comes. */
    public Request next(int seconds) throws InterruptedException {
        Request r = requests.poll(seconds, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no webhook request within " + seconds + " s");
        }
        return r;
    }

    /** The next request if one comes within {@code millis}. */
    public java.util.Optional<Request> poll(long millis) throws InterruptedException {
        return java.util.Optional.ofNullable(requests.poll(millis, TimeUnit.MILLISECONDS));
    }

    public int count() {
        return count.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
