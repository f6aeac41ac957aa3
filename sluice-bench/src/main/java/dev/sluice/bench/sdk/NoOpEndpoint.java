package dev.sluice.bench.sdk;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * A loopback endpoint that reads every request and answers 200 with an empty body — valid for every SDK in
 * the benchmark (an empty Connect/proto body, an ignored JSON body), so only client-side cost is measured.
 */
final class NoOpEndpoint implements AutoCloseable {

    private final HttpServer server;
    final LongAdder requests = new LongAdder();

    NoOpEndpoint() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "noop-endpoint");
            t.setDaemon(true); // must not keep the JVM alive after main()
            return t;
        }));
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            requests.increment();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
