package dev.sluice.testing.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP client that sends exactly the bytes it is given (any framing, any version, broken on purpose), for
 * framing, hostile-input and connection-limit tests that a real client would refuse to send. Two ways to use it:
 * {@link #exchange(int, byte[], Duration)} sends a whole request, half-closes and parses one response (a
 * response that does not come within the timeout is a {@link SocketTimeoutException}); {@link #connect(int)}
 * keeps a {@link Connection} open to send in pieces and read whatever comes back, including the server closing.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** One parsed response; header names are lower-case. */
    public record Response(String version, int status, Map<String, String> headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Sends {@code request} to {@code port} on loopback and reads the response. */
    public static Response exchange(int port, byte[] request, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException serverClosedEarly) {
                // The server may answer and close before reading everything (e.g. 413): read what it said.
            }
            return read(socket.getInputStream());
        }
    }

    static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("connection closed without a response");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunked(in);
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = new byte[0]; // no length: the server closes; these tests read only framed answers
        }
        return new Response(parts[0], Integer.parseInt(parts[1]), headers, body);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) {
                throw new IOException("truncated chunked body");
            }
            int n = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
            if (n == 0) {
                while (true) {
                    String trailer = line(in);
                    if (trailer == null || trailer.isEmpty()) {
                        return out.toByteArray();
                    }
                }
            }
            out.write(in.readNBytes(n));
            line(in);
        }
    }

    /** One CRLF- (or LF-) terminated line, or null at end of stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = buf.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            buf.write(b);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }

    /** A request head plus body: {@code head} lines are joined with CRLF and end with a blank line. */
    public static byte[] request(String head, byte[] body) {
        byte[] h = (head.replace("\r\n", "\n").replace("\n", "\r\n").stripTrailing() + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[h.length + body.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(body, 0, out, h.length, body.length);
        return out;
    }

    /** {@code body} in chunked framing, cut into chunks of {@code chunkSize} bytes. */
    public static byte[] chunk(byte[] body, int chunkSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int step = Math.max(1, chunkSize);
        for (int i = 0; i < body.length; i += step) {
            int n = Math.min(step, body.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** What came back on a {@link Connection}: the bytes as text, and whether the server closed the connection. */
    public record Answer(String text, boolean closedByServer) {
        /** The status code of the first response line, or -1 when nothing was answered. */
        public int status() {
            return text.startsWith("HTTP/1.") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -1;
        }

        /** The body after the first blank line. */
        public String body() {
            int i = text.indexOf("\r\n\r\n");
            return i < 0 ? "" : text.substring(i + 4);
        }

        /** The value of a response header (case-insensitive), or empty text. */
        public String header(String name) {
            for (String line : text.split("\r\n")) {
                if (line.isEmpty()) {
                    break;
                }
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return "";
        }
    }

    /** A connection to {@code port} on loopback that stays open: for half requests, keep-alive and slow clients. */
    public static Connection connect(int port) {
        try {
            return new Connection(new Socket("127.0.0.1", port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code request} on a new connection (leaving it open for writing) and reads whatever comes back
     * until the server closes or {@code waitMillis} pass without a byte.
     */
    public static Answer exchange(int port, String request, int waitMillis) {
        try (Connection c = connect(port)) {
            c.send(request.getBytes(StandardCharsets.ISO_8859_1));
            return c.read(waitMillis);
        }
    }

    /** An open connection: write bytes as given, read what the server answers. */
    public static final class Connection implements AutoCloseable {

        private final Socket socket;

        private Connection(Socket socket) {
            this.socket = socket;
        }

        public Connection send(byte[] bytes) {
            try {
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public Connection send(String text) {
            return send(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** Reads until the server closes or {@code waitMillis} pass without a byte. */
        public Answer read(int waitMillis) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                socket.setSoTimeout(waitMillis);
                InputStream in = socket.getInputStream();
                byte[] buf = new byte[8192];
                while (true) {
                    int n = in.read(buf);
                    if (n < 0) {
                        return new Answer(out.toString(StandardCharsets.UTF_8), true);
                    }
                    out.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                return new Answer(out.toString(StandardCharsets.UTF_8), false);
            } catch (IOException e) {
                // a reset after the server closed is a close as well
                return new Answer(out.toString(StandardCharsets.UTF_8), true);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
