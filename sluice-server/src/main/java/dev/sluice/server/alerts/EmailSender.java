package dev.sluice.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Optional;
import java.util.Properties;

/**
 * Sends alerts as plain-text e-mail through the configured SMTP server (Angus Mail): STARTTLS as configured,
 * authentication when a user is set. The delivery id goes into an {@code X-Sluice-Delivery} header.
 */
final class EmailSender {

    private final Optional<AlertConfig.Smtp> smtp;
    private final Optional<Session> session;

    EmailSender(Optional<AlertConfig.Smtp> smtp) {
        this.smtp = smtp;
        this.session = smtp.map(EmailSender::session);
    }

    private static Session session(AlertConfig.Smtp s) {
        Properties p = new Properties();
        p.put("mail.smtp.host", s.host());
        p.put("mail.smtp.port", Integer.toString(s.port()));
        p.put("mail.smtp.connectiontimeout", "5000");
        p.put("mail.smtp.timeout", "10000");
        p.put("mail.smtp.writetimeout", "10000");
        p.put("mail.smtp.starttls.enable", Boolean.toString(!s.startTls().equals("off")));
        p.put("mail.smtp.starttls.required", Boolean.toString(s.startTls().equals("required")));
        p.put("mail.smtp.auth", Boolean.toString(s.user().isPresent()));
        // Angus does not check the certificate's host name unless told to; a relay's certificate must name it.
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        s.trustCert().ifPresent(pem -> p.put("mail.smtp.ssl.socketFactory", SmtpTrust.socketFactory(pem)));
        Authenticator auth = new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(s.user().orElse(""), s.password().orElse(""));
            }
        };
        return Session.getInstance(p, auth);
    }

    SendResult send(Channel.Email email, String deliveryId, JsonNode payload) {
        if (session.isEmpty()) {
            // Configuration can be fixed and the server restarted: keep retrying until attempts run out.
            return SendResult.retry("no SMTP server configured (SLUICE_SMTP_HOST / --smtp-host)");
        }
        try {
            MimeMessage m = new MimeMessage(session.get());
            m.setFrom(new InternetAddress(smtp.orElseThrow().from()));
            for (String to : email.to()) {
                m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
            }
            m.setSubject("[Sluice] " + payload.path("title").asText(), "UTF-8");
            long held = payload.path("suppressedSinceLast").asLong();
            m.setText(payload.path("text").asText() + "\n\nRule: " + payload.path("rule").path("name").asText()
                    + "\nAt: " + payload.path("at").asText()
                    + (held > 0 ? "\n(+" + held + " more held back by the cooldown)" : "")
                    + "\nDelivery: " + deliveryId + "\n", "UTF-8");
            m.setHeader("X-Sluice-Delivery", deliveryId);
            Transport.send(m);
            return SendResult.delivered();
        } catch (SendFailedException e) {
            return SendResult.permanent("rejected recipients: " + e.getMessage());
        } catch (MessagingException e) {
            return SendResult.retry("SMTP: " + e.getMessage());
        }
    }
}
