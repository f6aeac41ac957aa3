package dev.sluice.server.alerts;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Alert delivery settings: the SMTP server for e-mail channels and the delivery timings. From flags
 * ({@code sluice serve --smtp-…}) or {@code SLUICE_SMTP_HOST}, {@code _PORT} (587), {@code _USER},
 * {@code _PASSWORD}, {@code _FROM}, {@code _STARTTLS} ({@code required} default, {@code optional}, {@code off}), {@code _TRUST_CERT} (PEM).
 *
 * @param poll how often the deliverer looks for due alerts
 * @param schedulerEvery how often time-driven rules (workers, failure windows, cost, quota) are evaluated
 * @param backoffBase first retry delay, doubling per attempt up to {@code backoffCap}
 * @param maxAttempts a delivery failing this often is given up and marked failed
 */
public record AlertConfig(Optional<Smtp> smtp, Duration poll, Duration schedulerEvery, Duration backoffBase,
                          Duration backoffCap, int maxAttempts) {

    /**
     * An SMTP relay. {@code startTls}: {@code required}, {@code optional} or {@code off}; {@code trustCert}: a
     * PEM file of certificates trusted for its TLS instead of the JDK's CAs (a self-signed relay).
     */
    public record Smtp(String host, int port, Optional<String> user, Optional<String> password, String from,
                       String startTls, Optional<java.nio.file.Path> trustCert) {

        /** A relay verified against the JDK's CAs. */
        public Smtp(String host, int port, Optional<String> user, Optional<String> password, String from,
                    String startTls) {
            this(host, port, user, password, from, startTls, Optional.empty());
        }
    }

    /** No SMTP; poll every 100 ms, rules every 30 s, retries from 1 s to 10 min, 12 attempts. */
    public static AlertConfig defaults() {
        return new AlertConfig(Optional.empty(), Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofMinutes(10), 12);
    }

    /** Defaults with SMTP from {@code SLUICE_SMTP_*} variables of {@code env}, when a host is set. */
    public static AlertConfig fromEnv(Map<String, String> env) {
        return defaults().withSmtp(smtpFrom(env::get));
    }

    /** SMTP from a lookup of {@code SLUICE_SMTP_*} names (flags map onto the same names). */
    public static Optional<Smtp> smtpFrom(java.util.function.Function<String, String> lookup) {
        Optional<String> host = value(lookup, "SLUICE_SMTP_HOST");
        if (host.isEmpty()) {
            return Optional.empty();
        }
        int port = value(lookup, "SLUICE_SMTP_PORT").map(Integer::parseInt).orElse(587);
        String startTls = value(lookup, "SLUICE_SMTP_STARTTLS").orElse("required");
        if (!java.util.Set.of("required", "optional", "off").contains(startTls)) {
            throw new IllegalArgumentException("SLUICE_SMTP_STARTTLS must be required, optional or off");
        }
        return Optional.of(new Smtp(host.get(), port, value(lookup, "SLUICE_SMTP_USER"),
                value(lookup, "SLUICE_SMTP_PASSWORD"), value(lookup, "SLUICE_SMTP_FROM").orElse("sluice@localhost"),
                startTls, value(lookup, "SLUICE_SMTP_TRUST_CERT").map(java.nio.file.Path::of)));
    }

    private static Optional<String> value(java.util.function.Function<String, String> lookup, String name) {
        return Optional.ofNullable(lookup.apply(name)).filter(s -> !s.isBlank());
    }

    public AlertConfig withSmtp(Optional<Smtp> newSmtp) {
        return new AlertConfig(newSmtp, poll, schedulerEvery, backoffBase, backoffCap, maxAttempts);
    }

    public AlertConfig withTimings(Duration newPoll, Duration newSchedulerEvery, Duration newBase, Duration newCap,
                                   int newMaxAttempts) {
        return new AlertConfig(smtp, newPoll, newSchedulerEvery, newBase, newCap, newMaxAttempts);
    }

    /** The delay before retry number {@code attempts} (1 = first retry): base · 2^(attempts−1), capped. */
    public long backoffMillis(int attempts) {
        long base = backoffBase.toMillis();
        int shift = Math.min(30, Math.max(0, attempts - 1));
        return Math.min(backoffCap.toMillis(), base << shift);
    }
}
