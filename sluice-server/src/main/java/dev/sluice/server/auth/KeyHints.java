package dev.sluice.server.auth;

import java.util.Arrays;
import java.util.Optional;

/**
 * What to tell a client that sent a key of one product to another product's route. Decided from the key's
 * prefix alone, never from a lookup, so the answer says nothing about whether that key exists anywhere.
 */
public final class KeyHints {

    private KeyHints() {
    }

    /** The kind whose prefix {@code raw} has (Bearer prefix and blanks removed). */
    public static Optional<KeyKind> kindOf(String raw) {
        String key = bare(raw);
        return Arrays.stream(KeyKind.values()).filter(k -> key.startsWith(k.prefix())).findFirst();
    }

    /** Where a key like {@code raw} belongs, when it is not one {@code expected} accepts. */
    public static Optional<String> wrongPlace(String raw, KeyKind... expected) {
        String key = bare(raw);
        if (key.startsWith(AdminToken.PREFIX)) {
            return Optional.of("this is the admin token (sla_…); it reads /api/projects/… and /api/admin/…, it does not ingest");
        }
        return kindOf(key).filter(k -> !Arrays.asList(expected).contains(k)).map(KeyHints::home);
    }

    private static String home(KeyKind kind) {
        return switch (kind) {
            case OPENSENTRY -> "this is an Open Sentry key (os_…); send it to POST /v1/ingest in the X-Open-Sentry-Key header";
            case TAILPOINT_LIVE, TAILPOINT_TEST -> "this is a Tailpoint key (trk_…); send tasks to POST /api/v1/ingest/tasks"
                    + " with Authorization: Bearer (SDK endpoint http://HOST:PORT/api)";
            case PUG_PRIVATE, PUG_PUBLIC -> "this is a Pug key (prv_/pub_); send it in the x-api-key header to the Connect"
                    + " routes such as POST /sdk.events.v1.EventsService/BatchCreate";
            case TRACESTAX_LIVE, TRACESTAX_TEST -> "this is a TraceStax key (ts_…); send it to POST /v1/ingest,"
                    + " /v1/heartbeat, … as Authorization: Bearer";
        };
    }

    private static String bare(String raw) {
        String key = raw.strip();
        return key.regionMatches(true, 0, "Bearer ", 0, 7) ? key.substring(7).strip() : key;
    }
}
