package dev.sluice.sdk.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An HTTP response as the engine sees it. */
public record HttpResult(int status, Map<String, List<String>> headers, byte[] body) {

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public Optional<String> header(String name) {
        return RetryAfter.first(headers, name);
    }
}
