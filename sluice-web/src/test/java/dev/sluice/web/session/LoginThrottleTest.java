package dev.sluice.web.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Failed logins are limited per address and per account, and hashing works as the login expects. */
class LoginThrottleTest {

    @Test
    void oneAccountIsThrottledEvenFromManyAddresses() {
        LoginThrottle t = LoginThrottle.create();
        Optional<String> ann = Optional.of("ann@example.com");
        for (int i = 0; i < 5; i++) {
            assertThat(t.retryAfter("10.0.0." + i, ann)).isEmpty();
            t.failed("10.0.0." + i, ann);
        }
        assertThat(t.retryAfter("10.0.0.99", ann)).as("a fresh address, the same account").isPresent();
        assertThat(t.retryAfter("10.0.0.99", Optional.of("bob@example.com"))).as("another account").isEmpty();
    }

    @Test
    void oneAddressIsThrottledAcrossAccounts() {
        LoginThrottle t = LoginThrottle.create();
        for (int i = 0; i < 5; i++) {
            t.failed("10.0.0.1", Optional.of("user" + i + "@example.com"));
        }
        assertThat(t.retryAfter("10.0.0.1", Optional.of("new@example.com"))).isPresent();
        assertThat(t.retryAfter("10.0.0.2", Optional.of("new@example.com"))).isEmpty();
    }

    @Test
    void passwordsAreArgon2idAndCheckedInFull() {
        String hash = Passwords.hash("a long enough password");
        assertThat(hash).startsWith("$argon2id$v=19$m=16384,t=2,p=1$");
        assertThat(Passwords.hash("a long enough password")).as("salted").isNotEqualTo(hash);
        assertThat(Passwords.matches("a long enough password", Optional.of(hash))).isTrue();
        assertThat(Passwords.matches("a long enough passwort", Optional.of(hash))).isFalse();
        assertThat(Passwords.matches("a long enough password", Optional.empty())).as("no hash: never").isFalse();
        assertThat(Passwords.matches("", Optional.of(hash))).isFalse();
        assertThat(Passwords.problem("short")).isPresent();
        assertThat(Passwords.problem("x".repeat(257))).isPresent();
        assertThat(Sessions.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
