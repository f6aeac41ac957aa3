package dev.sluice.sdk.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Cheap ids: ThreadLocalRandom, not SecureRandom — these name telemetry, they guard nothing. */
public final class Ids {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {}

    /** {@code n} random lower-case hex characters. */
    public static String hex(int n) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = HEX[r.nextInt(16)];
        }
        return new String(c);
    }

    /** A UUIDv7 (time-ordered) as Pug's SDK generates for event and session ids. */
    public static UUID uuidV7(long epochMillis) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (epochMillis << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
