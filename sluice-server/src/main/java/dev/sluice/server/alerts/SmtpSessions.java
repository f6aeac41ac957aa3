package dev.sluice.server.alerts;

import jakarta.mail.Authenticator;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import java.util.Properties;

/**
 * The one way Sluice opens an SMTP session (alert e-mails and dashboard invites), so both get the same
 * timeouts, STARTTLS policy, host-name check and trusted certificate.
 */
public final class SmtpSessions {

    private SmtpSessions() {
    }

    /** A mail session for {@code s}: timeouts, STARTTLS as configured, the host name checked, auth. */
    public static Session open(AlertConfig.Smtp s) {
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
}
