package dev.sluice.sdk.internal;

import java.io.IOException;

/** Sends one request synchronously on an SDK thread. Faked in unit tests. */
@FunctionalInterface
public interface Transport {
    HttpResult send(HttpCall call) throws IOException, InterruptedException;
}
