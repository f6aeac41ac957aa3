package dev.sluice.server.http;

import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads a request body up to a limit, counting the bytes actually read (a client may lie in
 * {@code Content-Length}, or send none with chunked encoding). A body over the limit is refused after at
 * most {@code limit + 1} bytes: the rest is never buffered.
 */
public final class BodyReader {

    private BodyReader() {
    }

    /** The body, or empty when it is larger than {@code limit} bytes. */
    public static Optional<byte[]> read(ServerRequest req, int limit) {
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > limit) {
            return Optional.empty();
        }
        if (!req.content().hasEntity()) {
            return Optional.of(new byte[0]);
        }
        int initial = declared >= 0 ? (int) declared + 1 : 8192;
        byte[] buf = new byte[Math.min(initial, limit + 1)];
        int total = 0;
        try (InputStream in = req.content().inputStream()) {
            while (true) {
                if (total == buf.length) {
                    if (buf.length > limit) {
                        return Optional.empty();
                    }
                    buf = Arrays.copyOf(buf, Math.min(limit + 1, buf.length * 2));
                }
                int n = in.read(buf, total, buf.length - total);
                if (n < 0) {
                    break;
                }
                total += n;
                if (total > limit) {
                    return Optional.empty();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(total == buf.length ? buf : Arrays.copyOf(buf, total));
    }
}
