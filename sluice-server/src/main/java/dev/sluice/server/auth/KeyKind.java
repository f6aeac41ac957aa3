package dev.sluice.server.auth;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of API key, one per wire protocol and role. The prefix is what the original products use, so
 * clients that check key shapes accept ours.
 */
public enum KeyKind {
    /** Open Sentry's public (DSN) key: writes errors, transactions and AI generations. */
    OPENSENTRY("opensentry", "os_"),
    /** Tailpoint live key: creates and dedupes tasks. */
    TAILPOINT_LIVE("tailpoint-live", "trk_live_"),
    /** Tailpoint test key: validates only, never writes. */
    TAILPOINT_TEST("tailpoint-test", "trk_test_"),
    /** Pug private key: ingest and reads. */
    PUG_PRIVATE("pug-private", "prv_"),
    /** Pug public key: ingest only (browser beacons). */
    PUG_PUBLIC("pug-public", "pub_"),
    /** TraceStax live key. */
    TRACESTAX_LIVE("tracestax-live", "ts_live_"),
    /** TraceStax test key: stored in an isolated test space that live views never show. */
    TRACESTAX_TEST("tracestax-test", "ts_test_");

    private final String id;
    private final String prefix;
    KeyKind(String id, String prefix) {
        this.id = id;
        this.prefix = prefix;
    }

    /** The name used on the CLI, in the API and in the store. */
    public String id() {
        return id;
    }

    /** The prefix of raw keys of this kind. */
    public String prefix() {
        return prefix;
    }

    /** The kind named {@code id}. */
    public static Optional<KeyKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }

    /** The kind names, for help texts and errors. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(KeyKind::id).toList());
    }
}
