package dev.sluice.sdk.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link Transport} over {@code java.net.http.HttpClient}: HTTP/1.1, keep-alive, per-request timeout. */
public final class JdkTransport implements Transport {

    private final HttpClient client;
    private final Duration requestTimeout;
    private final String userAgent;

    public JdkTransport(Duration connectTimeout, Duration requestTimeout, String userAgent) {
        // HTTP/1.1: the original SDKs speak it and h2c upgrade attempts only cost a round trip on loopback.
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .build();
        this.requestTimeout = requestTimeout;
        this.userAgent = userAgent;
    }

    @Override
    public HttpResult send(HttpCall call) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(call.uri()).timeout(requestTimeout)
                .header("User-Agent", userAgent)
                .method(call.method(), call.body().length == 0 && call.method().equals("GET")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach(b::header);
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new HttpResult(r.statusCode(), r.headers().map(), r.body());
    }

    public void close() {
        client.shutdownNow();
    }
}
