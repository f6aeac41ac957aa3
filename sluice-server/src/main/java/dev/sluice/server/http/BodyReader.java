package dev.sluice.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.ZipException;

/**
 * The one way every route reads a request body: it inflates {@code Content-Encoding: gzip/deflate} (see
 * {@link ContentDecoding}) and counts the bytes actually decoded (a client may lie in {@code Content-Length},
 * send none with chunked encoding, or send a small gzip that inflates to gigabytes). A body over the limit is
 * refused after at most {@code limit + 1} decoded bytes: the rest is never buffered or inflated.
 *
 * <p>New protocol adapters (Sentry envelopes, OTLP, …) call {@link #read(ServerRequest, int)} with their own
 * limit and map the two outcomes to their wire shape: empty → 413, {@link BodyException} → its
 * {@link BodyException#status() status} (415 unsupported encoding, 400 corrupt data or broken framing).
 */
public final class BodyReader {

    private BodyReader() {
    }

    /**
     * The decoded body, or empty when more than {@code limit} bytes (decoded, or declared on the wire).
     *
     * @throws BodyException for an unsupported encoding, data that does not inflate, or broken chunked framing
     */
    public static Optional<byte[]> read(ServerRequest req, int limit) {
        ContentDecoding decoding = ContentDecoding.of(req.headers().first(HeaderNames.CONTENT_ENCODING));
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > limit) {
            return Optional.empty();
        }
        if (!req.content().hasEntity()) {
            return Optional.of(new byte[0]);
        }
        int sizeHint = decoding == ContentDecoding.IDENTITY && declared >= 0 ? (int) declared + 1 : 8192;
        InputStream in = null;
        try {
            in = decoding.wrap(req.content().inputStream());
            Optional<byte[]> body = readUpTo(in, limit, sizeHint);
            in.close();
            return body;
        } catch (ZipException | EOFException e) {
            throw new BodyException(BodyException.Kind.CORRUPT_ENCODING,
                    "request body is not valid " + decoding.name().toLowerCase(java.util.Locale.ROOT) + " data", e);
        } catch (RequestException e) {
            if (e.status() == Status.REQUEST_ENTITY_TOO_LARGE_413) {
                return Optional.empty();
            }
            throw brokenFraming(req, e);
        } catch (IOException | UncheckedIOException e) {
            throw e instanceof UncheckedIOException u ? u : new UncheckedIOException((IOException) e);
        } catch (BodyException e) {
            throw e;
        } catch (RuntimeException e) {
            // Helidon's chunk parser throws NumberFormatException for "zz", "-1" or sizes beyond an int.
            throw brokenFraming(req, e);
        }
    }

    /**
     * The rest of the stream cannot be framed, so it is neither drained (that would block on the garbage) nor
     * kept: the connection is closed once the answer is sent.
     */
    private static BodyException brokenFraming(ServerRequest req, RuntimeException e) {
        ConnectionGuard.closeAfterResponse(req);
        return new BodyException(BodyException.Kind.BAD_FRAMING, "malformed chunked request body: "
                + Optional.ofNullable(e.getMessage()).orElse("unreadable chunk"), e);
    }

    private static Optional<byte[]> readUpTo(InputStream in, int limit, int sizeHint) throws IOException {
        byte[] buf = new byte[Math.min(sizeHint, limit + 1)];
        int total = 0;
        while (true) {
            if (total == buf.length) {
                if (buf.length > limit) {
                    return Optional.empty();
                }
                buf = Arrays.copyOf(buf, Math.min(limit + 1, Math.max(buf.length * 2, 1024)));
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
        return Optional.of(total == buf.length ? buf : Arrays.copyOf(buf, total));
    }
}
