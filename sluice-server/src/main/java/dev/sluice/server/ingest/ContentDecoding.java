package dev.sluice.server.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Undoes {@code Content-Encoding} (gzip, deflate — zlib-wrapped or raw, as browsers disagree), stopping at a
 * limit on the decompressed size so a small bomb cannot fill memory. Meant to be replaced by the shared
 * decompression entry point of {@code server.http} once that lands: {@link #decode} is the only caller-facing
 * method. A gzip body without gzip's magic bytes is taken as already decoded, so this stays correct if the
 * web server ever decodes bodies itself.
 */
final class ContentDecoding {

    private ContentDecoding() {
    }

    /**
     * The decoded body.
     *
     * @throws Refusal {@code TOO_LARGE} over {@code limit} decoded bytes, {@code INVALID} for a corrupt stream,
     *     {@code UNSUPPORTED_ENCODING} for an encoding we do not speak
     */
    static byte[] decode(byte[] body, Optional<String> encoding, int limit) throws Refusal {
        String e = encoding.map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse("");
        return switch (e) {
            case "", "identity" -> body;
            case "gzip", "x-gzip" -> gunzip(body, limit);
            case "deflate" -> inflate(body, limit);
            default -> throw Refusal.of(Refusal.Reason.UNSUPPORTED_ENCODING, "unsupported Content-Encoding " + e);
        };
    }

    private static byte[] gunzip(byte[] body, int limit) throws Refusal {
        if (body.length < 2 || (body[0] & 0xff) != 0x1f || (body[1] & 0xff) != 0x8b) {
            return body;
        }
        try {
            return drain(new GZIPInputStream(new ByteArrayInputStream(body), 8192), limit);
        } catch (IOException e) {
            throw Refusal.of(Refusal.Reason.INVALID, "corrupt gzip body");
        }
    }

    private static byte[] inflate(byte[] body, int limit) throws Refusal {
        try {
            return drain(new InflaterInputStream(new ByteArrayInputStream(body)), limit);
        } catch (IOException zlibFailed) {
            try {
                return drain(new InflaterInputStream(new ByteArrayInputStream(body), new Inflater(true)), limit);
            } catch (IOException e) {
                throw Refusal.of(Refusal.Reason.INVALID, "corrupt deflate body");
            }
        }
    }

    private static byte[] drain(InputStream in, int limit) throws IOException, Refusal {
        try (InputStream stream = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            byte[] buf = new byte[16384];
            int n;
            while ((n = stream.read(buf)) > 0) {
                if (out.size() + n > limit) {
                    throw Refusal.of(Refusal.Reason.TOO_LARGE, "body exceeds " + limit + " bytes decompressed");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }
}
