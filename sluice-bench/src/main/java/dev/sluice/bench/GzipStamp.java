package dev.sluice.bench;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip bodies that stay stampable per send ({@link UniqueStamp}): the head of the plain text, up to and
 * including every {@link UniqueStamp#MARKER}, goes into a stored (uncompressed) deflate block, so the marker
 * appears verbatim in the compressed bytes; the rest is compressed normally. After stamping, only the gzip
 * trailer's CRC-32 has to be recomputed, over the plain text stamped the same way (about 1 µs per KB).
 *
 * @param plain the uncompressed body, markers in place
 * @param positions the markers' offsets in {@code plain}
 */
record GzipStamp(byte[] plain, int[] positions) {

    /** Gzips {@code plain}, storing its first {@code storedPrefix} bytes uncompressed. */
    static byte[] gzip(byte[] plain, int storedPrefix) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length);
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        Deflater deflater = new Deflater(Deflater.NO_COMPRESSION, true);
        byte[] buf = new byte[plain.length + 1024];
        deflater.setInput(plain, 0, storedPrefix);
        out.write(buf, 0, deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH));
        deflater.setLevel(Deflater.DEFAULT_COMPRESSION);
        deflater.setInput(plain, storedPrefix, plain.length - storedPrefix);
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        CRC32 crc = new CRC32();
        crc.update(plain);
        writeIntLe(out, (int) crc.getValue());
        writeIntLe(out, plain.length);
        return out.toByteArray();
    }

    /** Rewrites the trailer CRC of {@code stamped} (a request ending in this gzip body) for the same stamp. */
    void fixCrc(byte[] stamped, int client, long sequence) {
        CRC32 crc = new CRC32();
        crc.update(UniqueStamp.stamp(plain, positions, client, sequence));
        int value = (int) crc.getValue();
        int at = stamped.length - 8;
        for (int i = 0; i < 4; i++) {
            stamped[at + i] = (byte) (value >>> (8 * i));
        }
    }

    private static void writeIntLe(ByteArrayOutputStream out, int v) {
        for (int i = 0; i < 4; i++) {
            out.write(v >>> (8 * i));
        }
    }
}
