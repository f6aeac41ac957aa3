package dev.sluice.sdk.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal protobuf wire reader: iterate fields, read scalars, skip unknown ones. */
public final class ProtoReader {

    private final byte[] buf;
    private int pos;
    private final int end;
    private int field;
    private int wireType;

    public ProtoReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    private ProtoReader(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
    }

    /** Advances to the next field; false at the end. */
    public boolean next() {
        if (pos >= end) {
            return false;
        }
        long tag = varint();
        field = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        if (field == 0) {
            throw new IllegalArgumentException("invalid tag 0");
        }
        return true;
    }

    public int field() {
        return field;
    }

    public int wireType() {
        return wireType;
    }

    public long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new IllegalArgumentException("truncated varint");
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }

    public long fixed64() {
        if (pos + 8 > end) {
            throw new IllegalArgumentException("truncated fixed64");
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (buf[pos++] & 0xFFL) << (8 * i);
        }
        return v;
    }

    public double dbl() {
        return Double.longBitsToDouble(fixed64());
    }

    public byte[] bytes() {
        int n = (int) varint();
        if (n < 0 || pos + n > end) {
            throw new IllegalArgumentException("truncated length-delimited field");
        }
        byte[] b = new byte[n];
        System.arraycopy(buf, pos, b, 0, n);
        pos += n;
        return b;
    }

    public String string() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    public ProtoReader message() {
        return new ProtoReader(bytes());
    }

    /** Repeated varints in packed or unpacked form. */
    public List<Long> packedOrSingle() {
        List<Long> out = new ArrayList<>();
        if (wireType == ProtoWriter.LEN) {
            ProtoReader p = message();
            while (p.pos < p.end) {
                out.add(p.varint());
            }
        } else {
            out.add(varint());
        }
        return out;
    }

    public void skip() {
        switch (wireType) {
            case ProtoWriter.VARINT -> varint();
            case ProtoWriter.FIXED64 -> fixed64();
            case ProtoWriter.LEN -> bytes();
            case ProtoWriter.FIXED32 -> pos += 4;
            default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
        }
    }

    /** Reads a google.protobuf.Timestamp message at the current field. */
    public Instant timestamp() {
        ProtoReader m = message();
        long s = 0;
        long n = 0;
        while (m.next()) {
            switch (m.field()) {
                case 1 -> s = m.varint();
                case 2 -> n = m.varint();
                default -> m.skip();
            }
        }
        return Instant.ofEpochSecond(s, n);
    }

    /** Reads a google.protobuf.Struct message at the current field into a JSON-like map. */
    public Map<String, Object> struct() {
        return readStruct(message());
    }

    static Map<String, Object> readStruct(ProtoReader s) {
        Map<String, Object> out = new LinkedHashMap<>();
        while (s.next()) {
            if (s.field() != 1) {
                s.skip();
                continue;
            }
            ProtoReader e = s.message();
            String key = "";
            Object value = null;
            while (e.next()) {
                switch (e.field()) {
                    case 1 -> key = e.string();
                    case 2 -> value = readValue(e.message());
                    default -> e.skip();
                }
            }
            out.put(key, value);
        }
        return out;
    }

    static Object readValue(ProtoReader v) {
        Object out = null;
        while (v.next()) {
            switch (v.field()) {
                case 1 -> { v.varint(); out = null; }
                case 2 -> out = v.dbl();
                case 3 -> out = v.string();
                case 4 -> out = v.varint() != 0;
                case 5 -> out = readStruct(v.message());
                case 6 -> {
                    ProtoReader l = v.message();
                    List<Object> list = new ArrayList<>();
                    while (l.next()) {
                        if (l.field() == 1) {
                            list.add(readValue(l.message()));
                        } else {
                            l.skip();
                        }
                    }
                    out = list;
                }
                default -> v.skip();
            }
        }
        return out;
    }
}
