package dev.sluice.server.auth;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of API key, one per wire protocol and role. The prefix is what the original products use, so
 * clients that check key shapes accept ours.
 */
public enum KeyKind {
    OPENSENTRY("opensentry", "os_", true),
    TAILPOINT_LIVE("tailpoint-live", "trk_live_", true),
    TAILPOINT_TEST("tailpoint-test", "trk_test_", false),
    PUG_PRIVATE("pug-private", "prv_", true),
    PUG_PUBLIC("pug-public", "pub_", true),
    TRACESTAX_LIVE("tracestax-live", "ts_live_", true),
    TRACESTAX_TEST("tracestax-test", "ts_test_", false);

    private final String id;
    private final String prefix;
    private final boolean writes;

    KeyKind(String id, String prefix, boolean writes) {
        this.id = id;
        this.prefix = prefix;
        this.writes = writes;
    }

    /** The name used on the CLI, in the API and in the store. */
    public String id() {
        return id;
    }

    /** The prefix of raw keys of this kind. */
    public String prefix() {
        return prefix;
    }

    /** Whether items sent with this kind are stored; test keys validate only. */
    public boolean writes() {
        return writes;
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
