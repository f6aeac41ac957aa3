package dev.sluice.sdk.internal;

import java.net.URI;
import java.util.Map;

/** One HTTP request, fully encoded: a retry resends these exact bytes, so ids and idempotency keys hold. */
public record HttpCall(String method, URI uri, Map<String, String> headers, byte[] body) {

    public static HttpCall post(URI uri, Map<String, String> headers, byte[] body) {
        return new HttpCall("POST", uri, headers, body);
    }
}
