package dev.sluice.web.session;

import dev.sluice.store.AccountRecords.Invite;
import dev.sluice.store.Accounts;
import java.time.Clock;
import java.time.Duration;

/**
 * One-time invite links: a random token in the link, only its SHA-256 in the store, valid for {@link #VALID}
 * and once. Creating a new invite for a user voids their earlier ones. Used by the dashboard and the CLI.
 */
public final class Invites {

    /** How long an invite link works. */
    public static final Duration VALID = Duration.ofDays(7);

    private Invites() {
    }

    /** Creates an invite for {@code userId}; answers the raw token (shown or sent once, never stored). */
    public static String create(Accounts accounts, String userId, Clock clock) {
        String token = Sessions.token();
        long now = clock.millis();
        accounts.createInvite(new Invite(Sessions.hash(token), userId, now, now + VALID.toMillis()));
        return token;
    }

    /** The link to the invite page under {@code baseUrl} (e.g. {@code https://sluice.example.com}). */
    public static String link(String baseUrl, String token) {
        return (baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl) + "/invite/" + token;
    }
}
