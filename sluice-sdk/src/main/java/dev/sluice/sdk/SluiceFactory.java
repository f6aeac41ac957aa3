package dev.sluice.sdk;

import dev.sluice.sdk.internal.Accounting;
import dev.sluice.sdk.internal.Channel;
import dev.sluice.sdk.internal.DropReports;
import dev.sluice.sdk.internal.CircuitBreaker;
import dev.sluice.sdk.internal.Dsn;
import dev.sluice.sdk.internal.Encoder;
import dev.sluice.sdk.internal.JobItem;
import dev.sluice.sdk.internal.OpenSentryEncoder;
import dev.sluice.sdk.internal.PugEncoder;
import dev.sluice.sdk.internal.PugItem;
import dev.sluice.sdk.internal.SentryItem;
import dev.sluice.sdk.internal.TailpointEncoder;
import dev.sluice.sdk.internal.TaskItem;
import dev.sluice.sdk.internal.TraceStaxEncoder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Wires a {@link SluiceConfig} into channels, sender threads and the family facades. */
final class SluiceFactory {

    private SluiceFactory() {}

    static Sluice create(SluiceConfig c) {
        Map<Family, Accounting> books = new EnumMap<>(Family.class);
        DropReports reports = DropReports.async(c.onError(), 4096);
        for (Family f : Family.values()) {
            books.put(f, new Accounting(f, reports));
        }
        Map<Family, List<Channel<?>>> channels = new EnumMap<>(Family.class);
        BatchConfig b = c.batch();

        Channel<TaskItem> tasks = c.tailpointKey().map(k -> channel(c, books, channels, Family.TASKS, 1, 0,
                new TailpointEncoder(c.tailpointApi().orElseThrow(), k, c.source(), c.clock(), c.inApp()), false)).orElse(null);

        Channel<SentryItem> errors = c.openSentryDsn().map(dsn -> channel(c, books, channels, Family.ERRORS,
                Math.min(b.maxSize(), 20), b.maxWaitMs(),
                new OpenSentryEncoder(Dsn.parse(dsn), c.environment(), c.release(), c.inApp()), false)).orElse(null);

        Channel<PugItem> pugEvents = null;
        Channel<PugItem> pugIdentify = null;
        PugReads reads = null;
        if (c.pugKey().isPresent()) {
            PugEncoder enc = new PugEncoder(c.pugEndpoint().orElseThrow(), c.pugKey().get(),
                    c.requestTimeout().toMillis(), Version.SDK);
            pugEvents = channel(c, books, channels, Family.ANALYTICS, Math.min(b.maxSize(), 1000), b.maxWaitMs(), enc, false);
            pugIdentify = channel(c, books, channels, Family.ANALYTICS, 1, 0, enc, false);
            reads = new PugReads(c.pugEndpoint().get(), c.pugKey().get(), c.transport(), c.requestTimeout().toMillis());
        }

        Channel<JobItem> jobEvents = null;
        Channel<JobItem> jobControl = null;
        if (c.traceStaxKey().isPresent()) {
            TraceStaxEncoder enc = new TraceStaxEncoder(c.traceStaxEndpoint().orElseThrow(), c.traceStaxKey().get(),
                    c.framework());
            // X-Retry-After is honoured on any response, as every TraceStax SDK does
            jobEvents = channel(c, books, channels, Family.JOBS, Math.min(b.maxSize(), 100), b.maxWaitMs(), enc, true);
            jobControl = channel(c, books, channels, Family.JOBS, 1, 0, enc, true);
        }

        Errors errorsApi = new Errors(errors, books.get(Family.ERRORS), c.clock(), c.maxBreadcrumbs(),
                c.sampleRate(), c.tracesSampleRate());
        Jobs jobs = new Jobs(jobEvents, jobControl, books.get(Family.JOBS), c.clock(),
                c.traceStaxEndpoint().orElse(null), c.traceStaxKey().orElse(null), c.transport(), c.framework(),
                c.heartbeatInterval(), errorsApi);
        Sluice s = new Sluice(c, books, reports, channels, new Tasks(tasks, books.get(Family.TASKS)), errorsApi,
                new Analytics(pugEvents, pugIdentify, books.get(Family.ANALYTICS), c.clock(), reads), jobs);
        channels.forEach((f, list) -> {
            for (int i = 0; i < list.size(); i++) {
                list.get(i).start("sluice-" + f.name().toLowerCase(java.util.Locale.ROOT) + (i == 0 ? "" : "-" + i));
            }
        });
        jobs.start();
        if (c.shutdownHook()) {
            s.registerShutdownHook();
        }
        return s;
    }

    private static <T> Channel<T> channel(SluiceConfig c, Map<Family, Accounting> books,
                                          Map<Family, List<Channel<?>>> channels, Family f, int maxBatch,
                                          long maxWaitMs, Encoder<T> enc, boolean pauseOnAnyRetryAfter) {
        Channel<T> ch = new Channel<>(books.get(f), maxBatch, maxWaitMs, c.batch().maxQueueSize(), enc, c.transport(),
                c.retry(), new CircuitBreaker(c.breakerThreshold(), c.breakerOpenFor()), c.clock(),
                pauseOnAnyRetryAfter);
        channels.computeIfAbsent(f, k -> new ArrayList<>()).add(ch);
        return ch;
    }
}
