package dev.sluice.server.otlp;

import dev.sluice.digest.OrphanSweep;
import dev.sluice.server.periodic.Periodic;
import dev.sluice.store.Store;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link OrphanSweep} of trace pieces whose root did not arrive within the join window: a few times per
 * window (at most every 30 s), each sweep one transaction of up to a thousand pieces, repeated while full.
 */
public final class OrphanSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanSweeper.class);

    private final Store store;
    private final Clock clock;
    private final OrphanSweep sweep;

    private OrphanSweeper(Store store, Clock clock, OrphanSweep sweep) {
        this.store = store;
        this.clock = clock;
        this.sweep = sweep;
    }

    /** A sweeper not yet running (tests call {@link #runOnce()} with a clock they move). */
    public static OrphanSweeper create(Store store, Clock clock, Duration window) {
        return new OrphanSweeper(store, clock, OrphanSweep.create(window));
    }

    /** How often to sweep for a join window: a quarter of it, between 1 s and 30 s. */
    static Duration every(Duration window) {
        long ms = Math.max(1_000, Math.min(30_000, window.toMillis() / 4));
        return Duration.ofMillis(ms);
    }

    /** Sweeps a few times per {@code window} until the answer is closed. */
    public Periodic start(Duration window) {
        return Periodic.start("sluice-orphan-sweep", clock, every(window), every(window), this::runAt);
    }

    /** Sweeps at the clock's now; answers how many pieces became transactions of their own. */
    public int runOnce() {
        return runAt(clock.millis());
    }

    private int runAt(long now) {
        int total = 0;
        int n;
        do {
            n = store.write(tx -> sweep.run(tx, now));
            total += n;
        } while (n == OrphanSweep.BATCH_SIZE);
        if (total > 0) {
            LOG.info("event=orphan_sweep orphaned={}", total);
        }
        return total;
    }
}
