package dev.sluice.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Optional;

/**
 * Sends alerts as plain-text e-mail through the configured SMTP server (Angus Mail): STARTTLS as configured,
 * authentication when a user is set. The delivery id goes into an {@code X-Sluice-Delivery} header.
 */
final class EmailSender {

    private final Optional<AlertConfig.Smtp> smtp;
    private final Optional<Session> session;

    EmailSender(Optional<AlertConfig.Smtp> smtp) {
        this.smtp = smtp;
        this.session = smtp.map(SmtpSessions::open);
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
