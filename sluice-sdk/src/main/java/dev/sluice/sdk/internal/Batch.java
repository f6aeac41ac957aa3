package dev.sluice.sdk.internal;

import java.util.List;

/** Items sent together, their encoded request (reused on retry) and their retry state. */
final class Batch<T> {
    final List<T> items;
    final HttpCall call;
    int attempts;
    final long firstAttemptMs;
    long notBeforeMs;
    boolean settled;

    Batch(List<T> items, HttpCall call, long firstAttemptMs) {
        this.items = items;
        this.call = call;
        this.firstAttemptMs = firstAttemptMs;
    }
}
