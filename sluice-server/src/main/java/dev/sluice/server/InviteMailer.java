package dev.sluice.server;

import dev.sluice.server.alerts.AlertConfig;
import dev.sluice.server.alerts.SmtpSessions;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends dashboard invite links through the SMTP server configured for alerts (Angus Mail), when there is one. */
final class InviteMailer {

    private static final Logger LOG = LoggerFactory.getLogger(InviteMailer.class);

    private final Optional<AlertConfig.Smtp> smtp;

    InviteMailer(Optional<AlertConfig.Smtp> smtp) {
        this.smtp = smtp;
    }

    /** Sends the invite; answers a sentence for the admin. Never throws: the link is on their screen anyway. */
    String send(String to, String link) {
        if (smtp.isEmpty()) {
            return "No SMTP server is configured (SLUICE_SMTP_HOST), so no e-mail was sent: pass the link on yourself.";
        }
        AlertConfig.Smtp s = smtp.get();
        Session session = SmtpSessions.open(s);
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(s.from()));
            m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
            m.setSubject("[Sluice] You are invited to the Sluice dashboard", "UTF-8");
            m.setText("You have been invited to a Sluice dashboard.\n\nChoose your password here (the link works "
                    + "once, for 7 days):\n" + link + "\n", "UTF-8");
            Transport.send(m);
            return "The link was also sent to " + to + ".";
        } catch (MessagingException e) {
            LOG.warn("event=invite_mail_failed error=\"{}\"", e.getMessage());
            return "Sending the e-mail failed (" + e.getMessage() + "): pass the link on yourself.";
        }
    }
}
