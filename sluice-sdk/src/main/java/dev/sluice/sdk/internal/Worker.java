package dev.sluice.sdk.internal;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** This process as a TraceStax worker: {@code <hostname>:<pid>}; the lookup is bounded (upstream: 1 s). */
public final class Worker {

    private static volatile String hostname;

    private Worker() {}

    public static String hostname() {
        String h = hostname;
        if (h == null) {
            try {
                h = CompletableFuture.supplyAsync(Worker::lookup).get(1, TimeUnit.SECONDS);
            } catch (Exception slowOrBroken) {
                h = "unknown";
            }
            hostname = h;
        }
        return h;
    }

    private static String lookup() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }

    public static long pid() {
        return ProcessHandle.current().pid();
    }

    public static String key() {
        return hostname() + ":" + pid();
    }

    public static Map<String, Object> info(List<String> queues, int concurrency) {
        return Map.of("key", key(), "hostname", hostname(), "pid", pid(), "queues", queues,
                "concurrency", concurrency);
    }
}
