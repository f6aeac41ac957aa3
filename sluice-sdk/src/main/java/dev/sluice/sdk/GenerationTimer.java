package dev.sluice.sdk;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * Times an LLM call: start it before the request, call {@link #firstToken()} when the first streamed token
 * arrives, then {@link #finish} with the usage — latency and time-to-first-token are filled in.
 */
public final class GenerationTimer {

    private final Generation.Builder builder;
    private final Clock clock;
    private final long start;
    private final Consumer<Generation> sink;
    private volatile long firstToken = -1;
    private volatile boolean finished;

    GenerationTimer(Generation.Builder builder, Clock clock, Consumer<Generation> sink) {
        this.builder = builder;
        this.clock = clock;
        this.start = clock.millis();
        this.sink = sink;
    }

    /** Marks the first token (only the first call counts). */
    public GenerationTimer firstToken() {
        if (firstToken < 0) {
            firstToken = clock.millis();
        }
        return this;
    }

    /** The builder, to add costs, tags or metadata before finishing. */
    public Generation.Builder details() {
        return builder;
    }

    /** Records the call with its token usage. */
    public void finish(long inputTokens, long outputTokens) {
        complete(inputTokens, outputTokens, true);
    }

    /** Records a failed call. */
    public void fail(long inputTokens, long outputTokens) {
        complete(inputTokens, outputTokens, false);
    }

    private void complete(long in, long out, boolean ok) {
        if (finished) {
            return;
        }
        finished = true;
        long now = clock.millis();
        builder.inputTokens(in).outputTokens(out).latencyMs(Math.max(0, now - start));
        if (firstToken >= 0) {
            builder.timeToFirstTokenMs(Math.max(0, firstToken - start));
        }
        if (!ok) {
            builder.failed();
        }
        sink.accept(builder.build());
    }
}
