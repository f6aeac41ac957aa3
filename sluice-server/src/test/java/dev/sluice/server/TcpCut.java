package dev.sluice.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP forwarder in front of a real database, which a test can {@link #cut()}: every open connection
 * is reset and new ones are refused (nothing listens on the port) — what a node sees when its PostgreSQL stops
 * or the network to it fails — until {@link #restore()} listens on the same port again. The system PostgreSQL
 * is shared by other people and must not be stopped; this makes the outage real for one server only.
 */
public final class TcpCut implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;

    private TcpCut(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = listener.getLocalPort();
        accept(listener);
    }

    /** Forwards a free loopback port to {@code host:port}. */
    public static TcpCut to(String host, int port) {
        try {
            return new TcpCut(host, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The loopback port to connect to instead of the target. */
    public int port() {
        return port;
    }

    /** Resets every connection and refuses new ones. */
    public synchronized void cut() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing twice is fine
        }
        for (Socket s : open) {
            try {
                s.setSoLinger(true, 0); // RST, like a dead peer, rather than a polite FIN
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        open.clear();
    }

    /** Listens on the same port again. */
    public synchronized void restore() {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = s;
            accept(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket server) {
        Thread.ofVirtual().name("tcpcut-accept").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(targetHost, targetPort);
                    open.add(client);
                    open.add(upstream);
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private static void pump(Socket from, Socket to) {
        Thread.ofVirtual().name("tcpcut-pump").start(() -> {
            byte[] buf = new byte[16_384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side closed or was cut
            } finally {
                try {
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        });
    }

    @Override
    public void close() {
        cut();
    }
}
