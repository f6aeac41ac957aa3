package dev.sluice.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * N clients, one virtual thread and one keep-alive connection each. Connections persist across
 * phases (warm-up, then each measured run) so a run measures steady state, not connection setup. Closed
 * loop by default: a client sends its next request when the previous answer arrives, so latency is service time
 * under this concurrency (no coordinated-omission correction). With a target rate ({@link #paced}) each client
 * sends on a fixed schedule and latency counts from the scheduled send time, so a stall shows up in full
 * (coordinated omission corrected) instead of slowing the load down.
 */
final class LoadDriver implements AutoCloseable {

    /** What one phase measured. Latencies in microseconds. */
    record Phase(long requests, long items, Map<Integer, Long> statuses, long ioErrors, Histogram latencyMicros,
                 double seconds) {

        long non2xx() {
            return statuses.entrySet().stream().filter(e -> e.getKey() / 100 != 2).mapToLong(Map.Entry::getValue)
                    .sum();
        }
    }

    private final String host;
    private final int port;
    private final List<byte[]> requests;
    private final List<int[]> stampPositions;
    private final List<GzipStamp> gzip;
    private final int itemsPerRequest;
    private final HttpConnection[] conns;
    /**
     * Per-client send counters for {@link UniqueStamp}, kept across phases (a {@link Worker} lives one phase):
     * stamps never repeat within the driver's life, so a warm-up's sends are not replayed as duplicates later.
     */
    private final long[] sequences;
    /** Nanoseconds between one client's scheduled sends; 0 = closed loop. */
    private long intervalNanos;

    LoadDriver(String host, int port, List<byte[]> requests, int itemsPerRequest, int connections) {
        this(host, port, requests, itemsPerRequest, connections, List.of());
    }

    /** With {@code gzip} (one per request, same order) when the bodies are stampable gzip ({@link GzipStamp}). */
    LoadDriver(String host, int port, List<byte[]> requests, int itemsPerRequest, int connections,
               List<GzipStamp> gzip) {
        this.gzip = gzip;
        this.host = host;
        this.port = port;
        this.requests = requests;
        this.stampPositions = requests.stream().map(UniqueStamp::positions).toList();
        this.itemsPerRequest = itemsPerRequest;
        this.conns = new HttpConnection[connections];
        this.sequences = new long[connections];
    }

    /** Switches to open loop: {@code requestsPerSecond} in total, spread evenly over the clients. */
    LoadDriver paced(double requestsPerSecond) {
        this.intervalNanos = requestsPerSecond > 0 ? (long) (1e9 * conns.length / requestsPerSecond) : 0;
        return this;
    }

    private static final class Worker {
        final Histogram hist = new Histogram(TimeUnit.SECONDS.toMicros(70), 3);
        final Map<Integer, Long> statuses = new TreeMap<>();
        long requests;
        long ioErrors;
    }

    /** Runs all clients for {@code seconds}, then returns the merged figures. */
    Phase run(double seconds) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        Worker[] workers = new Worker[conns.length];
        List<Thread> threads = new ArrayList<>(conns.length);
        for (int i = 0; i < conns.length; i++) {
            Worker w = workers[i] = new Worker();
            int index = i;
            threads.add(Thread.ofVirtual().name("load-", i).start(() -> loop(index, w, deadline)));
        }
        for (Thread t : threads) {
            // Bounded: every request has a 65 s socket timeout and the loop checks the deadline.
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Histogram all = new Histogram(TimeUnit.SECONDS.toMicros(70), 3);
        Map<Integer, Long> statuses = new TreeMap<>();
        long reqs = 0;
        long io = 0;
        for (Worker w : workers) {
            all.add(w.hist);
            w.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
            reqs += w.requests;
            io += w.ioErrors;
        }
        long okItems = statuses.entrySet().stream().filter(e -> e.getKey() / 100 == 2)
                .mapToLong(Map.Entry::getValue).sum() * itemsPerRequest;
        return new Phase(reqs, okItems, statuses, io, all, elapsed);
    }

    private void loop(int index, Worker w, long deadline) {
        // Start each client at a different variant so concurrent requests carry different bodies.
        int next = index * 7;
        long scheduled = System.nanoTime() + intervalNanos * index / conns.length;
        while (System.nanoTime() < deadline) {
            if (intervalNanos > 0) {
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
            int variant = Math.floorMod(next++, requests.size());
            long sequence = sequences[index]++;
            byte[] request = UniqueStamp.stamp(requests.get(variant), stampPositions.get(variant), index, sequence);
            if (!gzip.isEmpty()) {
                gzip.get(variant).fixCrc(request, index, sequence);
            }
            long t0 = intervalNanos > 0 ? scheduled : System.nanoTime();
            scheduled += intervalNanos;
            try {
                if (conns[index] == null) {
                    conns[index] = new HttpConnection(host, port);
                }
                int status = conns[index].exchange(request);
                long t1 = System.nanoTime();
                w.hist.recordValue(Math.min((t1 - t0) / 1000, TimeUnit.SECONDS.toMicros(70)));
                w.statuses.merge(status, 1L, Long::sum);
                w.requests++;
                if (conns[index].closeRequested()) {
                    conns[index].close();
                    conns[index] = null;
                }
            } catch (IOException | RuntimeException e) {
                w.ioErrors++;
                if (conns[index] != null) {
                    conns[index].close();
                    conns[index] = null;
                }
                // Back off briefly so a dead server does not turn this loop into a spin.
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < conns.length; i++) {
            if (conns[i] != null) {
                conns[i].close();
                conns[i] = null;
            }
        }
    }
}
