package dev.sluice.sdk;

import dev.sluice.sdk.internal.Accounting;
import dev.sluice.sdk.internal.Channel;
import dev.sluice.sdk.internal.Ids;
import dev.sluice.sdk.internal.PugCatalog;
import dev.sluice.sdk.internal.PugItem;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Product analytics (Pug). {@code track} validates cheaply, enqueues and returns — invalid events are dropped
 * with a logged reason and reported to {@code onError}. Reads ({@link #profiles()}) are synchronous and
 * throw {@link SluiceException}.
 */
public final class Analytics {

    private static final long MAX_TIMESTAMP_MS = 253402300799000L;

    private final Channel<PugItem> events; // null when not configured
    private final Channel<PugItem> identifies;
    private final Accounting books;
    private final Clock clock;
    private final UUID session;
    private final PugReads reads;

    Analytics(Channel<PugItem> events, Channel<PugItem> identifies, Accounting books, Clock clock, PugReads reads) {
        this.events = events;
        this.identifies = identifies;
        this.books = books;
        this.clock = clock;
        this.session = Ids.uuidV7(clock.millis());
        this.reads = reads;
    }

    /** Tracks event {@code kind} by {@code distinctId}, without properties. Never throws or blocks. */
    public void track(String distinctId, String kind) {
        track(distinctId, kind, Map.of(), TrackOptions.none());
    }

    /** Tracks event {@code kind} by {@code distinctId} with properties, stamped now. Never throws or blocks. */
    public void track(String distinctId, String kind, Map<String, ?> props) {
        track(distinctId, kind, props, TrackOptions.none());
    }

    /** A typed well-known event from {@link PugEvents}. */
    public void track(String distinctId, WellKnownEvent event) {
        if (event == null) {
            books.refuse(DropReason.INVALID, "track(null event)", "null");
            return;
        }
        track(distinctId, event.kind(), event.properties(), TrackOptions.none());
    }

    /** Tracks an event with explicit options (timestamp, session). Invalid input is dropped as {@link DropReason#INVALID}. */
    public void track(String distinctId, String kind, Map<String, ?> props, TrackOptions options) {
        try {
            if (distinctId == null || distinctId.isEmpty()) {
                invalid("distinctId must be a non-empty string", kind);
                return;
            }
            if (!validKind(kind)) {
                invalid("kind must match ^[a-zA-Z0-9_.-]+$: " + kind, kind);
                return;
            }
            Map<String, Object> copy = props == null || props.isEmpty() ? Map.of() : snapshot(props);
            for (String k : copy.keySet()) {
                if (k == null || k.startsWith("$")) {
                    invalid("custom property keys must not start with $: " + k, kind);
                    return;
                }
            }
            Optional<PugCatalog.Kind> typed = PugCatalog.typed(kind);
            if (typed.isPresent()) {
                Optional<String> problem = PugCatalog.validate(typed.get(), copy);
                if (problem.isPresent()) {
                    invalid(problem.get(), kind);
                    return;
                }
            }
            TrackOptions o = options == null ? TrackOptions.none() : options;
            Instant at = o.timestamp().filter(t -> t.toEpochMilli() >= 0 && t.toEpochMilli() <= MAX_TIMESTAMP_MS)
                    .orElseGet(clock::instant);
            PugItem.Event e = new PugItem.Event(distinctId, kind, copy, at, o.sessionId().orElse(session), typed);
            if (events == null) {
                books.refuse(DropReason.NOT_CONFIGURED, "no Pug key configured", e);
                return;
            }
            events.offer(e);
        } catch (Throwable t) {
            books.refuse(DropReason.INTERNAL, "track failed: " + t, String.valueOf(kind));
        }
    }

    /**
     * Creates or updates the profile {@code externalId}. Unlike the Node SDK it is queued and retried like
     * events, and failures reach {@code onError}; the stage completes with whether it was delivered.
     */
    public CompletionStage<Boolean> identify(String externalId, Map<String, ?> traits, IdentifyOptions options) {
        try {
            IdentifyOptions o = options == null ? IdentifyOptions.none() : options;
            if (externalId == null || externalId.isEmpty()) {
                return refused("externalId must be non-empty", externalId);
            }
            if (o.anonymousId().filter(a -> !a.isEmpty() && (!a.startsWith("anon-") || a.length() > 255)).isPresent()) {
                return refused("anonymousId must be empty or start with anon- (max 255)", externalId);
            }
            if (o.deviceId().filter(d -> d.length() > 36).isPresent()) {
                return refused("deviceId must be at most 36 characters", externalId);
            }
            Map<String, Object> copy = traits == null ? Map.of() : new HashMap<>(traits);
            PugItem.Identify item = new PugItem.Identify(externalId, copy, o.anonymousId(), o.deviceId(),
                    new CompletableFuture<>());
            if (identifies == null) {
                books.refuse(DropReason.NOT_CONFIGURED, "no Pug key configured", item);
                return CompletableFuture.completedFuture(false);
            }
            identifies.offer(item);
            return item.done();
        } catch (Throwable t) {
            books.refuse(DropReason.INTERNAL, "identify failed: " + t, String.valueOf(externalId));
            return CompletableFuture.completedFuture(false);
        }
    }

    /** Profile reads. Throws {@link IllegalStateException} when no Pug key is configured. */
    public Profiles profiles() {
        return new Profiles(requireReads());
    }

    /** Typed insights queries (trends, segmentation, funnels, retention, top-k). */
    public Insights insights() {
        return new Insights(requireReads());
    }

    /** Activity and insights reads (raw protobuf request/response for the less common RPCs). */
    public PugReads reads() {
        return requireReads();
    }

    private PugReads requireReads() {
        if (reads == null) {
            throw new IllegalStateException("no Pug key configured");
        }
        return reads;
    }

    /** The session id sent with events that do not override it. */
    public UUID sessionId() {
        return session;
    }

    private CompletionStage<Boolean> refused(String why, Object item) {
        invalid(why, item);
        return CompletableFuture.completedFuture(false);
    }

    private void invalid(String why, Object item) {
        books.refuse(DropReason.INVALID, why, String.valueOf(item));
    }

    /**
     * An immutable copy: free for {@code Map.of(...)} arguments (already immutable) and compact otherwise.
     * Null keys and values are left out (a null value is omitted on the wire anyway).
     */
    static Map<String, Object> snapshot(Map<String, ?> props) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> copy = (Map<String, Object>) Map.copyOf(props);
            return copy;
        } catch (NullPointerException hasNulls) {
            Map<String, Object> m = new HashMap<>();
            props.forEach((k, v) -> {
                if (k != null && v != null) {
                    m.put(k, v);
                }
            });
            return Map.copyOf(m);
        }
    }

    static boolean validKind(String kind) {
        if (kind == null || kind.isEmpty()) {
            return false;
        }
        for (int i = 0; i < kind.length(); i++) {
            char c = kind.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '.' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
