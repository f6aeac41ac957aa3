package dev.sluice.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Stamped Sentry envelopes must still be valid gzip (the JDK's reader checks the CRC) with unique event ids. */
class GzipStampTest {

    @Test
    void stampedEnvelopesInflateToTheStampedPlainText() throws IOException {
        EcosystemPayloads.Sentry sentry = EcosystemPayloads.sentry(3, 1024);
        byte[] body = sentry.set().bodies().get(1);
        GzipStamp stamp = sentry.stamps().get(1);
        int[] positions = UniqueStamp.positions(body);
        assertEquals(2, positions.length, "event id in the envelope header and in the event, both stored raw");

        byte[] first = UniqueStamp.stamp(body, positions, 3, 41);
        stamp.fixCrc(first, 3, 41);
        byte[] second = UniqueStamp.stamp(body, positions, 3, 42);
        stamp.fixCrc(second, 3, 42);

        byte[] a = inflate(first);
        assertArrayEquals(UniqueStamp.stamp(stamp.plain(), stamp.positions(), 3, 41), a);
        assertNotEquals(new String(a), new String(inflate(second)));
        assertEquals(-1, new String(a, StandardCharsets.US_ASCII).indexOf(UniqueStamp.MARKER));
    }

    private static byte[] inflate(byte[] gzip) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }
}
