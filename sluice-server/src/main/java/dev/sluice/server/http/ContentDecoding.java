package dev.sluice.server.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The request {@code Content-Encoding}s Sluice inflates: {@code gzip} (and {@code x-gzip}), {@code deflate}
 * (zlib as the RFC says, or the raw deflate some clients send) and {@code identity}. Streams are inflated
 * lazily, so {@link BodyReader} stops at its limit on the decompressed bytes.
 */
enum ContentDecoding {
    IDENTITY, GZIP, DEFLATE;

    /** The decoding a {@code Content-Encoding} header asks for; anything else is a 415 {@link BodyException}. */
    static ContentDecoding of(Optional<String> header) {
        ContentDecoding found = IDENTITY;
        if (header.isEmpty()) {
            return found;
        }
        for (String part : header.get().split(",")) {
            String token = part.trim().toLowerCase(Locale.ROOT);
            ContentDecoding next = switch (token) {
                case "", "identity" -> IDENTITY;
                case "gzip", "x-gzip" -> GZIP;
                case "deflate" -> DEFLATE;
                default -> throw unsupported(header.get());
            };
            if (next != IDENTITY) {
                if (found != IDENTITY) {
                    throw unsupported(header.get()); // stacked encodings: no client we serve sends them
                }
                found = next;
            }
        }
        return found;
    }

    private static BodyException unsupported(String header) {
        return new BodyException(BodyException.Kind.UNSUPPORTED_ENCODING, "unsupported Content-Encoding '"
                + header.replaceAll("[^\\x20-\\x7e]", "?") + "'; send gzip, deflate or identity", null);
    }

    /** {@code raw} decoded lazily. */
    InputStream wrap(InputStream raw) throws IOException {
        return switch (this) {
            case IDENTITY -> raw;
            case GZIP -> new GZIPInputStream(raw, 8192);
            case DEFLATE -> deflate(raw);
        };
    }

    private static InputStream deflate(InputStream raw) throws IOException {
        PushbackInputStream in = new PushbackInputStream(raw, 2);
        byte[] head = in.readNBytes(2);
        in.unread(head);
        boolean zlib = head.length == 2 && (head[0] & 0x0f) == 8
                && (((head[0] & 0xff) << 8) | (head[1] & 0xff)) % 31 == 0;
        Inflater inflater = new Inflater(!zlib);
        return new FilterInputStream(new InflaterInputStream(in, inflater, 8192)) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    inflater.end(); // a caller-supplied Inflater is not ended by InflaterInputStream
                }
            }
        };
    }
}
