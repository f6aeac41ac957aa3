package dev.sluice.sdk.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A minimal protobuf wire writer (the SDK has no protobuf-java): varint, zigzag-free int64, fixed64 doubles,
 * length-delimited strings and messages, packed repeated varints, maps as repeated entries, and the
 * well-known Timestamp and Struct/Value (pug.md §1.4).
 */
public final class ProtoWriter {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;
    static final int FIXED32 = 5;

    private byte[] buf = new byte[64];
    private int len;

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    public int size() {
        return len;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    private void rawByte(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    public void rawVarint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[len++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[len++] = (byte) v;
    }

    private void rawFixed64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
    }

    private void rawBytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    public void tag(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    /** int32/int64/uint32/uint64/enum (negative int32 takes 10 bytes, as protobuf specifies). */
    public ProtoWriter int64(int field, long v) {
        tag(field, VARINT);
        rawVarint(v);
        return this;
    }

    public ProtoWriter bool(int field, boolean v) {
        tag(field, VARINT);
        rawByte(v ? 1 : 0);
        return this;
    }

    public ProtoWriter dbl(int field, double v) {
        tag(field, FIXED64);
        rawFixed64(Double.doubleToRawLongBits(v));
        return this;
    }

    public ProtoWriter string(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    public ProtoWriter bytes(int field, byte[] b) {
        tag(field, LEN);
        rawVarint(b.length);
        rawBytes(b);
        return this;
    }

    public ProtoWriter message(int field, ProtoWriter m) {
        tag(field, LEN);
        rawVarint(m.len);
        ensure(m.len);
        System.arraycopy(m.buf, 0, buf, len, m.len);
        len += m.len;
        return this;
    }

    /** Packed repeated varints (the default for repeated scalars in edition 2023). */
    public ProtoWriter packed(int field, long[] values) {
        ProtoWriter p = new ProtoWriter();
        for (long v : values) {
            p.rawVarint(v);
        }
        return message(field, p);
    }

    /** A map entry: key = field 1, value = field 2 (a message). */
    public ProtoWriter mapEntry(int field, String key, ProtoWriter value) {
        ProtoWriter e = new ProtoWriter().string(1, key).message(2, value);
        return message(field, e);
    }

    public ProtoWriter mapEntry(int field, String key, String value) {
        return message(field, new ProtoWriter().string(1, key).string(2, value));
    }

    /** google.protobuf.Timestamp; zero fields are omitted, so the epoch is an empty (present) message. */
    public static ProtoWriter timestamp(Instant t) {
        ProtoWriter w = new ProtoWriter();
        if (t.getEpochSecond() != 0) {
            w.int64(1, t.getEpochSecond());
        }
        if (t.getNano() != 0) {
            w.int64(2, t.getNano());
        }
        return w;
    }

    /** google.protobuf.Struct from a JSON-like map (numbers become doubles, as in JS). */
    public static ProtoWriter struct(Map<String, ?> fields) {
        ProtoWriter s = new ProtoWriter();
        fields.forEach((k, v) -> s.mapEntry(1, String.valueOf(k), value(v)));
        return s;
    }

    /** google.protobuf.Value. */
    public static ProtoWriter value(Object v) {
        ProtoWriter w = new ProtoWriter();
        switch (v) {
            case null -> w.int64(1, 0); // null_value = NULL_VALUE (0), present
            case Number n -> w.dbl(2, n.doubleValue());
            case CharSequence s -> w.string(3, s.toString());
            case Boolean b -> w.bool(4, b);
            case Map<?, ?> m -> {
                @SuppressWarnings("unchecked")
                Map<String, ?> sm = (Map<String, ?>) m;
                w.message(5, struct(sm));
            }
            case List<?> l -> {
                ProtoWriter list = new ProtoWriter();
                for (Object o : l) {
                    list.message(1, value(o));
                }
                w.message(6, list);
            }
            case Object[] a -> {
                return value(Arrays.asList(a));
            }
            default -> w.string(3, v.toString());
        }
        return w;
    }
}
