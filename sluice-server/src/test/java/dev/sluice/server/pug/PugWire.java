package dev.sluice.server.pug;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import dev.sluice.pug.proto.common.v1.PropertyValue;
import dev.sluice.pug.proto.sdk.events.v1.Event;
import dev.sluice.server.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Raw Connect calls (bytes on the wire, no Connect client) for the Pug tests. */
final class PugWire {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final String SESSION = "01a201a8-3720-736c-a9bb-caa97478a1ff";

    private PugWire() {
    }

    static HttpResponse<byte[]> call(TestServer s, String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A unary binary call with the SDK's headers. */
    static HttpResponse<byte[]> unary(TestServer s, String path, Message request, String key) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/proto");
        h.put("connect-protocol-version", "1");
        if (key != null) {
            h.put("x-api-key", key);
        }
        return call(s, path, request.toByteArray(), h);
    }

    /** A streaming call: one enveloped request message. */
    static HttpResponse<byte[]> stream(TestServer s, String path, Message request, String key) {
        byte[] payload = request.toByteArray();
        byte[] body = ByteBuffer.allocate(5 + payload.length).put((byte) 0).putInt(payload.length).put(payload).array();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/connect+proto");
        h.put("connect-protocol-version", "1");
        if (key != null) {
            h.put("x-api-key", key);
        }
        return call(s, path, body, h);
    }

    static Event event(String distinctId, String kind, long millis) {
        return Event.newBuilder().setEventId(UUID.randomUUID().toString()).setDistinctId(distinctId).setKind(kind)
                .setSessionId(SESSION).setOccurTime(ts(millis))
                .putAutoProperties("$lib", PropertyValue.newBuilder().setStringValue("pug-node").build())
                .build();
    }

    static Timestamp ts(long millis) {
        return Timestamp.newBuilder().setSeconds(Math.floorDiv(millis, 1000))
                .setNanos((int) Math.floorMod(millis, 1000) * 1_000_000).build();
    }
}
