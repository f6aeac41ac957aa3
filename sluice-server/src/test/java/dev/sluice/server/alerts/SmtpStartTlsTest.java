package dev.sluice.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.sluice.server.http.Json;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * E-mail alerts over STARTTLS with authentication, against GreenMail behind a real STARTTLS front whose
 * self-signed certificate (made by the JDK's keytool here) Sluice is told to trust. A server that does not offer
 * STARTTLS, a certificate nobody vouches for and a wrong password each stop delivery, with nothing received.
 */
class SmtpStartTlsTest {

    @TempDir
    static Path dir;

    static Path pem;
    static SSLContext tls;
    GreenMail mail;
    StartTlsFront front;

    /** One certificate for the class: keytool is a JVM start each. */
    @BeforeAll
    static void certificate() throws Exception {
        Path keystore = dir.resolve("smtp.p12");
        pem = dir.resolve("smtp.pem");
        keytool("-genkeypair", "-alias", "smtp", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "smtp", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", pem.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
    }

    @BeforeEach
    void start() throws Exception {
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.setUser("alerts@example.com", "alerts", "pw");
        mail.start();
        front = StartTlsFront.start(tls, mail.getSmtp().getPort());
    }

    @AfterEach
    void stop() throws Exception {
        front.close();
        mail.stop();
    }

    static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    static SendResult send(AlertConfig.Smtp smtp) throws Exception {
        JsonNode payload = Json.MAPPER.readTree("{\"title\":\"New issue: E: boom\",\"text\":\"E: boom\","
                + "\"rule\":{\"name\":\"new issues\"},\"at\":\"2026-11-30T12:00:00Z\"}");
        return new EmailSender(Optional.of(smtp)).send(new Channel.Email(List.of("ops@example.com")), "d-1", payload);
    }

    AlertConfig.Smtp smtp(int port, String password, String startTls, Optional<Path> trust) {
        return new AlertConfig.Smtp("127.0.0.1", port, Optional.of("alerts"), Optional.of(password),
                "sluice@example.com", startTls, trust);
    }

    @Test
    void deliversOverStartTlsWithAuthentication() throws Exception {
        SendResult r = send(smtp(front.port(), "pw", "required", Optional.of(pem)));
        assertThat(r.kind()).as(r.detail()).isEqualTo(SendResult.Kind.DELIVERED);
        assertThat(front.upgraded.get()).isEqualTo(1);
        assertThat(mail.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage m = mail.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo("[Sluice] New issue: E: boom");
        assertThat(m.getHeader("X-Sluice-Delivery")[0]).isEqualTo("d-1");
    }

    @Test
    void aWrongPasswordIsRefusedAfterTheUpgrade() throws Exception {
        SendResult r = send(smtp(front.port(), "wrong", "required", Optional.of(pem)));
        assertThat(r.kind()).isEqualTo(SendResult.Kind.RETRY);
        assertThat(front.upgraded.get()).isEqualTo(1);
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aServerWithoutStartTlsIsRefusedWhenItIsRequired() throws Exception {
        SendResult r = send(smtp(mail.getSmtp().getPort(), "pw", "required", Optional.of(pem)));
        assertThat(r.kind()).isEqualTo(SendResult.Kind.RETRY);
        assertThat(r.detail()).containsIgnoringCase("STARTTLS");
        assertThat(mail.waitForIncomingEmail(300, 1)).isFalse();
    }

    @Test
    void anUntrustedCertificateIsRefused() throws Exception {
        SendResult r = send(smtp(front.port(), "pw", "required", Optional.empty()));
        assertThat(r.kind()).isEqualTo(SendResult.Kind.RETRY);
        assertThat(front.upgraded.get()).isZero();
        assertThat(mail.getReceivedMessages()).isEmpty();
    }
}
