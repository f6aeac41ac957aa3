package dev.sluice.protocol;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered UUIDv7 ids. Sorting ids as text sorts them by creation time, which is what cursor pagination
 * relies on; the random tail keeps ids from several nodes apart.
 */
public final class Ids {

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Last (millis << 12 | sequence) handed out, so ids from one generator are strictly increasing. */
    private final AtomicLong last = new AtomicLong();

    private Ids(Clock clock) {
        this.clock = clock;
    }

    /** A generator reading time from {@code clock}. */
    public static Ids create(Clock clock) {
        return new Ids(clock);
    }

    /** A new id, greater than every id this generator returned before. */
    public String next() {
        long stamp = last.updateAndGet(prev -> Math.max(prev + 1, clock.millis() << 12));
        long millis = stamp >>> 12;
        long seq = stamp & 0xFFF;
        long msb = (millis << 16) | 0x7000L | seq;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
