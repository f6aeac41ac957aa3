package dev.sluice.sdk;

import dev.sluice.sdk.internal.HttpCall;
import dev.sluice.sdk.internal.HttpResult;
import dev.sluice.sdk.internal.JsonParser;
import dev.sluice.sdk.internal.ProtoReader;
import dev.sluice.sdk.internal.ProtoWriter;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pug profile reads ({@code shared.profiles.v1.ProfilesService}). {@link #list()} iterates every profile:
 * it consumes all pages of a server stream and, unlike the Node SDK, re-issues {@code List} with
 * {@code next_page_token} when a stream ends on a page that has one.
 */
public final class Profiles {

    private static final String SERVICE = "/shared.profiles.v1.ProfilesService/";
    private final PugReads reads;

    Profiles(PugReads reads) {
        this.reads = reads;
    }

    /**
     * The profile with Pug id {@code id}.
     *
     * @throws SluiceException {@code invalid_argument} for a missing id, {@code not_found} for no such profile
     */
    public Profile get(String id) {
        required("id", id);
        return profileField(reads.unary(SERVICE + "Get", new ProtoWriter().string(1, id).toByteArray()));
    }

    /**
     * The profile identified as {@code externalId}.
     *
     * @throws SluiceException {@code invalid_argument} for a missing id, {@code not_found} for no such profile
     */
    public Profile getByExternalId(String externalId) {
        required("externalId", externalId);
        return profileField(reads.unary(SERVICE + "GetByExternalId",
                new ProtoWriter().string(1, externalId).toByteArray()));
    }

    /** Deletes the profile (soft now, erased asynchronously); returns the erasure request id. */
    public String delete(String id) {
        required("id", id);
        ProtoReader r = new ProtoReader(reads.unary(SERVICE + "Delete", new ProtoWriter().string(1, id).toByteArray()));
        String requestId = "";
        while (r.next()) {
            if (r.field() == 1) {
                requestId = r.string();
            } else {
                r.skip();
            }
        }
        return requestId;
    }

    /** Every profile, fetched lazily page by page. */
    public Iterable<Profile> list() {
        return () -> new PugReads.Pages<>(this::listStream);
    }

    private PugReads.Page<Profile> listStream(Optional<String> token) {
        ProtoWriter req = new ProtoWriter();
        token.ifPresent(t -> req.string(1, t));
        byte[] msg = req.toByteArray();
        byte[] body = ByteBuffer.allocate(5 + msg.length).put((byte) 0).putInt(msg.length).put(msg).array();
        HttpResult r = reads.send(HttpCall.post(URI.create(reads.endpoint() + SERVICE + "List"),
                reads.streamHeaders(), body));
        if (r.status() != 200) {
            throw PugReads.error(r.status(), r.bodyText());
        }
        List<Profile> out = new ArrayList<>();
        String next = "";
        ByteBuffer in = ByteBuffer.wrap(r.body());
        boolean ended = false;
        while (in.remaining() >= 5) {
            int flags = in.get() & 0xFF;
            int len = in.getInt();
            if (len < 0 || len > in.remaining()) {
                throw new SluiceException("internal", "truncated stream envelope", null);
            }
            byte[] payload = new byte[len];
            in.get(payload);
            if ((flags & 0x01) != 0) {
                throw new SluiceException("internal", "compressed envelopes are not negotiated", null);
            }
            if ((flags & 0x02) != 0) {
                Map<String, Object> end = JsonParser.object(new String(payload, StandardCharsets.UTF_8));
                if (end.get("error") instanceof Map<?, ?> err) {
                    Object code = err.get("code");
                    throw new SluiceException(code == null ? "unknown" : code.toString(),
                            String.valueOf(err.get("message")), null);
                }
                ended = true;
                break;
            }
            ProtoReader page = new ProtoReader(payload);
            next = "";
            while (page.next()) {
                switch (page.field()) {
                    case 1 -> out.add(profile(page.message()));
                    case 2 -> next = page.string();
                    default -> page.skip();
                }
            }
        }
        if (!ended) {
            throw new SluiceException("internal", "missing EndStreamResponse", null);
        }
        return new PugReads.Page<>(out, next);
    }

    private static Profile profileField(byte[] response) {
        ProtoReader r = new ProtoReader(response);
        while (r.next()) {
            if (r.field() == 1) {
                return profile(r.message());
            }
            r.skip();
        }
        throw new SluiceException("not_found", "response carried no profile", null);
    }

    static Profile profile(ProtoReader m) {
        String id = "", external = "", project = "";
        Map<String, Object> props = Map.of();
        Optional<Instant> created = Optional.empty(), updated = Optional.empty();
        while (m.next()) {
            switch (m.field()) {
                case 1 -> created = Optional.of(m.timestamp());
                case 2 -> external = m.string();
                case 3 -> id = m.string();
                case 4 -> props = m.struct();
                case 5 -> project = m.string();
                case 6 -> updated = Optional.of(m.timestamp());
                default -> m.skip();
            }
        }
        return new Profile(id, external, project, props, created, updated);
    }

    /** A missing argument is the caller's mistake: the same exception as the server's answer to it, not an NPE. */
    private static void required(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new SluiceException("invalid_argument", name + " is required", null);
        }
    }
}
