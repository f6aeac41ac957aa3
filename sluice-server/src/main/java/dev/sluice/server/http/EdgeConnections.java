package dev.sluice.server.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Helidon's HTTP/1.1 connections, with two things it lacks: HTTP/1.0 requests are served (nginx's default
 * proxying and HAProxy health checks speak 1.0; Helidon answers 505), and every connection is watched by the
 * {@link ConnectionGuard}. Both work on the bytes the connection reads: the first request line of a
 * connection, when it says {@code HTTP/1.0}, is handed to Helidon as 1.1 with {@code Connection: close}
 * (1.0 has no keep-alive by default), and each read reports to the guard when it waits and when bytes arrive.
 */
final class EdgeConnections implements ServerConnectionSelector {

    /** The longest first line examined for the HTTP version; longer ones go to Helidon untouched (it answers 414). */
    private static final int MAX_FIRST_LINE = 8192;
    private static final byte[] HTTP_10 = " HTTP/1.0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] AS_11 = " HTTP/1.1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "Connection: close".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Http1ConnectionSelector http1;
    private final ConnectionGuard guard;
    private final AtomicLong ids = new AtomicLong();

    EdgeConnections(Http1Config config, ConnectionGuard guard) {
        this.http1 = Http1ConnectionSelector.builder().config(config).build();
        this.guard = guard;
    }

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    @Override
    public Support supports(BufferData data) {
        return Support.SUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http1.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        String id = ctx.childSocketId() + "#" + ids.incrementAndGet();
        ConnectionGuard.Tracked tracked = guard.track(id, () -> ctx.serverSocket().close());
        Context wrapped = new Context(ctx, id, DataReader.create(new Reader(ctx.dataReader(), tracked)));
        return new Guarded(http1.connection(wrapped), tracked, guard);
    }

    /** Pulls bytes from the socket's reader, reporting waits to the guard and rewriting an HTTP/1.0 first line. */
    private static final class Reader implements java.util.function.Supplier<byte[]> {
        private final DataReader socket;
        private final ConnectionGuard.Tracked tracked;
        private byte[] firstLine = new byte[0];
        private boolean firstLineDone;

        Reader(DataReader socket, ConnectionGuard.Tracked tracked) {
            this.socket = socket;
            this.tracked = tracked;
        }

        @Override
        public byte[] get() {
            while (true) {
                byte[] bytes = pull();
                if (firstLineDone) {
                    return bytes;
                }
                if (bytes == null) {
                    firstLineDone = true;
                    return firstLine.length == 0 ? null : firstLine;
                }
                byte[] acc = concat(firstLine, bytes);
                int lf = indexOf(acc, (byte) '\n');
                if (lf >= 0 || acc.length > MAX_FIRST_LINE) {
                    firstLineDone = true;
                    firstLine = null;
                    return lf >= 0 ? rewrite(acc, lf) : acc;
                }
                firstLine = acc;
            }
        }

        private byte[] pull() {
            tracked.blocking();
            try {
                socket.ensureAvailable();
            } catch (DataReader.InsufficientDataAvailableException e) {
                tracked.unblocked();
                return null;
            } catch (RuntimeException e) {
                tracked.unblocked();
                throw e;
            }
            tracked.received();
            return socket.readBytes(socket.available());
        }

        /**
         * {@code "GET / HTTP/1.0\r\n…"} becomes {@code "GET / HTTP/1.1\r\nConnection: close\r\n…"}; a bare
         * {@code \n} line end (which Helidon tolerates) is kept as it is.
         */
        private static byte[] rewrite(byte[] acc, int lf) {
            int end = lf > 0 && acc[lf - 1] == '\r' ? lf - 1 : lf;
            int start = end - HTTP_10.length;
            if (start < 1 || !java.util.Arrays.equals(acc, start, end, HTTP_10, 0, HTTP_10.length)) {
                return acc;
            }
            byte[] eol = java.util.Arrays.copyOfRange(acc, end, lf + 1);
            byte[] insert = concat(concat(AS_11, eol), CLOSE);
            byte[] out = new byte[acc.length - (end - start) + insert.length];
            System.arraycopy(acc, 0, out, 0, start);
            System.arraycopy(insert, 0, out, start, insert.length);
            System.arraycopy(acc, end, out, start + insert.length, acc.length - end);
            return out;
        }

        private static byte[] concat(byte[] a, byte[] b) {
            if (a.length == 0) {
                return b;
            }
            byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }

        private static int indexOf(byte[] bytes, byte b) {
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == b) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** The connection context with our reader and a unique socket id (the guard's key for the request filter). */
    private record Context(ConnectionContext delegate, String id, DataReader reader) implements ConnectionContext {
        @Override
        public ListenerContext listenerContext() {
            return delegate.listenerContext();
        }

        @Override
        public ExecutorService executor() {
            return delegate.executor();
        }

        @Override
        public DataWriter dataWriter() {
            return delegate.dataWriter();
        }

        @Override
        public DataReader dataReader() {
            return reader;
        }

        @Override
        public Router router() {
            return delegate.router();
        }

        @Override
        public Optional<ProxyProtocolData> proxyProtocolData() {
            return delegate.proxyProtocolData();
        }

        @Override
        public HelidonSocket serverSocket() {
            return delegate.serverSocket();
        }

        @Override
        public PeerInfo remotePeer() {
            return delegate.remotePeer();
        }

        @Override
        public PeerInfo localPeer() {
            return delegate.localPeer();
        }

        @Override
        public boolean isSecure() {
            return delegate.isSecure();
        }

        @Override
        public String socketId() {
            return delegate.socketId();
        }

        @Override
        public String childSocketId() {
            return id;
        }
    }

    /** Helidon's connection, forgotten by the guard when it ends. */
    private record Guarded(ServerConnection delegate, ConnectionGuard.Tracked tracked, ConnectionGuard guard)
            implements ServerConnection, InterruptableTask<Void> {

        @Override
        public void handle(Limit limit) throws InterruptedException {
            try {
                delegate.handle(limit);
            } finally {
                guard.forget(tracked);
            }
        }

        @Override
        public Duration idleTime() {
            return delegate.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            delegate.close(interrupt);
        }

        @Override
        public boolean canInterrupt() {
            return delegate instanceof InterruptableTask<?> t && t.canInterrupt();
        }

        @Override
        public Void call() {
            return null;
        }
    }
}
