package dev.sluice.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A raw TCP client for what HTTP libraries will not send: HTTP/1.0, broken chunked framing, half requests.
 * It writes bytes as given and reads whatever the server answers until it closes the connection or
 * {@code waitMillis} pass without data.
 */
public final class RawHttp implements AutoCloseable {

    /** What came back: the bytes, and whether the server closed the connection. */
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

    private final Socket socket;

    private RawHttp(Socket socket) {
        this.socket = socket;
    }

    /** A connection to {@code port} on loopback. */
    public static RawHttp connect(int port) {
        try {
            return new RawHttp(new Socket("127.0.0.1", port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code request} on a new connection and reads the answer (up to {@code waitMillis} of silence). */
    public static Answer exchange(int port, String request, int waitMillis) {
        try (RawHttp c = connect(port)) {
            c.send(request.getBytes(StandardCharsets.ISO_8859_1));
            return c.read(waitMillis);
        }
    }

    public RawHttp send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RawHttp send(String text) {
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
