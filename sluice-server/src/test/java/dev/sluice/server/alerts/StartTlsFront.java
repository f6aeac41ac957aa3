package dev.sluice.server.alerts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * STARTTLS in front of GreenMail (which has no STARTTLS: greenmail-mail-test/greenmail#135). It speaks SMTP up to
 * a real STARTTLS upgrade with the test's certificate, then relays the decrypted session — EHLO, AUTH, MAIL,
 * DATA — to the GreenMail server behind it, which does the authentication and receives the mail. Before the
 * upgrade it accepts nothing but EHLO/HELO, STARTTLS and QUIT, so no credential can pass in clear text.
 */
final class StartTlsFront implements AutoCloseable {

    private final ServerSocket listener;
    private final SSLContext tls;
    private final int backend;
    /** Sessions that completed a TLS handshake. */
    final AtomicInteger upgraded = new AtomicInteger();

    private StartTlsFront(SSLContext tls, int backend) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.tls = tls;
        this.backend = backend;
        Thread.ofVirtual().start(this::accept);
    }

    static StartTlsFront start(SSLContext tls, int backendPort) throws IOException {
        return new StartTlsFront(tls, backendPort);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                Thread.ofVirtual().start(() -> session(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(Socket plain) {
        try (plain) {
            plain.setSoTimeout(10_000);
            InputStream in = plain.getInputStream();
            OutputStream out = plain.getOutputStream();
            write(out, "220 front ESMTP\r\n");
            while (true) {
                String line = line(in).toUpperCase(java.util.Locale.ROOT);
                if (line.startsWith("EHLO")) {
                    write(out, "250-front\r\n250 STARTTLS\r\n");
                } else if (line.startsWith("STARTTLS")) {
                    write(out, "220 2.0.0 ready to start TLS\r\n");
                    SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(), true);
                    ssl.setUseClientMode(false);
                    ssl.startHandshake();
                    upgraded.incrementAndGet();
                    relay(ssl);
                    return;
                } else if (line.startsWith("QUIT") || line.isEmpty()) {
                    write(out, "221 bye\r\n");
                    return;
                } else {
                    write(out, "530 5.7.0 Must issue a STARTTLS command first\r\n");
                }
            }
        } catch (IOException e) {
            // the client went away or refused the certificate: the session ends
        }
    }

    private void relay(SSLSocket ssl) throws IOException {
        try (Socket back = new Socket(InetAddress.getLoopbackAddress(), backend)) {
            line(back.getInputStream()); // GreenMail's greeting: the client already had the front's
            Thread up = Thread.ofVirtual().start(() -> copy(ssl, back));
            copy(back, ssl);
            try {
                up.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // either side closed
        } finally {
            try {
                to.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /** One CRLF-terminated line, read byte by byte so nothing of a following TLS handshake is consumed. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
