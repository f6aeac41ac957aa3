package dev.sluice.sdk.internal;

import dev.sluice.sdk.SluiceError;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Pug over Connect, binary protobuf: events → {@code sdk.events.v1.EventsService/BatchCreate}, identify →
 * {@code sdk.profiles.v1.ProfilesSDKService/Identify} (pug.md §1.1, §5). Field numbers are normative.
 */
public final class PugEncoder implements Encoder<PugItem> {

    static final String BATCH_CREATE = "/sdk.events.v1.EventsService/BatchCreate";
    static final String IDENTIFY = "/sdk.profiles.v1.ProfilesSDKService/Identify";
    static final int MAX_BODY = 8 * 1024 * 1024;

    private final URI batchUri;
    private final URI identifyUri;
    private final Map<String, String> headers;
    private final String sdkVersion;

    public PugEncoder(URI endpoint, String key, long timeoutMs, String sdkVersion) {
        this.batchUri = URI.create(endpoint + BATCH_CREATE);
        this.identifyUri = URI.create(endpoint + IDENTIFY);
        this.headers = connectHeaders(key, timeoutMs);
        this.sdkVersion = sdkVersion;
    }

    public static Map<String, String> connectHeaders(String key, long timeoutMs) {
        return Map.of("Content-Type", "application/proto", "Connect-Protocol-Version", "1",
                "Connect-Timeout-Ms", Long.toString(timeoutMs), "x-api-key", key);
    }

    @Override
    public HttpCall encode(List<PugItem> items) {
        if (items.get(0) instanceof PugItem.Identify id) {
            return HttpCall.post(identifyUri, headers, identify(id).toByteArray());
        }
        ProtoWriter req = new ProtoWriter();
        for (PugItem i : items) {
            req.message(1, event((PugItem.Event) i));
        }
        return HttpCall.post(batchUri, headers, req.toByteArray());
    }

    ProtoWriter event(PugItem.Event e) {
        ProtoWriter w = new ProtoWriter();
        w.string(1, Ids.uuidV7(Math.max(0, e.timestamp().toEpochMilli())).toString());
        w.mapEntry(2, "$lib", PropertyMapper.string("pug-java"));
        w.mapEntry(2, "$sdkVersion", PropertyMapper.string(sdkVersion));
        w.mapEntry(2, "$platform", PropertyMapper.string("server"));
        for (Map.Entry<String, Object> p : e.props().entrySet()) {
            PugCatalog.Field f = e.typed().map(k -> k.fields().get(p.getKey())).orElse(null);
            ProtoWriter v = f != null ? PropertyMapper.typed(f.type(), p.getValue()) : PropertyMapper.custom(p.getValue());
            if (v != null) {
                w.mapEntry(3, p.getKey(), v);
            } else if (f != null && f.type().equals("Duration")) {
                SdkLog.warn("pug-duration", "Duration property " + p.getKey() + " skipped (no agreed wire encoding)");
            }
        }
        w.string(4, e.distinctId());
        w.string(5, e.kind());
        w.message(6, ProtoWriter.timestamp(e.timestamp()));
        w.string(7, e.sessionId().toString());
        return w;
    }

    static ProtoWriter identify(PugItem.Identify id) {
        ProtoWriter w = new ProtoWriter().string(1, id.externalId());
        if (!id.traits().isEmpty()) {
            w.message(2, ProtoWriter.struct(id.traits()));
        }
        id.anonymousId().filter(s -> !s.isEmpty()).ifPresent(s -> w.string(3, s));
        id.deviceId().filter(s -> !s.isEmpty()).ifPresent(s -> w.string(4, s));
        return w;
    }

    @Override
    public int maxBodyBytes() {
        return MAX_BODY;
    }

    @Override
    public void delivered(List<PugItem> items, HttpResult result) {
        for (PugItem i : items) {
            if (i instanceof PugItem.Identify id) {
                id.done().complete(true);
            }
        }
    }

    @Override
    public void dropped(List<PugItem> items, SluiceError error) {
        for (PugItem i : items) {
            if (i instanceof PugItem.Identify id) {
                id.done().complete(false);
            }
        }
    }

    /** Connect errors carry {@code {"code","message"}}: report the code, which is what callers act on. */
    @Override
    public String describe(HttpResult result) {
        Map<String, Object> m = JsonParser.object(result.bodyText());
        Object code = m.get("code");
        return code == null ? Encoder.super.describe(result)
                : "HTTP " + result.status() + " connect " + code + ": " + m.getOrDefault("message", "");
    }
}
