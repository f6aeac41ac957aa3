package dev.sluice.web.session;

import java.util.Optional;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Password hashing with Argon2id (Spring Security's encoder over Bouncy Castle): a random salt per password,
 * 16 MiB of memory and 2 passes per hash (the library's current defaults), stored as the self-describing PHC
 * string {@code $argon2id$v=19$m=16384,t=2,p=1$…}, so stronger parameters can come later without a migration.
 */
public final class Passwords {

    /** The shortest password accepted. */
    public static final int MIN_LENGTH = 10;
    /** The longest (a bound on the work one request can ask for). */
    public static final int MAX_LENGTH = 256;
    private static final Argon2PasswordEncoder ENCODER = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    /** Checked against when an e-mail address is unknown, so the answer takes as long as for a known one. */
    private static final String DECOY = ENCODER.encode("decoy-password-never-used");

    private Passwords() {
    }

    /** The Argon2id hash of {@code password}; a password outside the allowed length is an {@link IllegalArgumentException}. */
    public static String hash(String password) {
        problem(password).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        return ENCODER.encode(password);
    }

    /** What is wrong with {@code password} as a new password, if anything. */
    public static Optional<String> problem(String password) {
        if (password.length() < MIN_LENGTH) {
            return Optional.of("A password needs at least " + MIN_LENGTH + " characters.");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("A password may have at most " + MAX_LENGTH + " characters.");
        }
        return Optional.empty();
    }

    /** Whether {@code password} matches {@code hash}; an empty hash costs the same time and never matches. */
    public static boolean matches(String password, Optional<String> hash) {
        if (password.isEmpty() || password.length() > MAX_LENGTH) {
            return false;
        }
        boolean ok = ENCODER.matches(password, hash.orElse(DECOY));
        return ok && hash.isPresent();
    }
}
