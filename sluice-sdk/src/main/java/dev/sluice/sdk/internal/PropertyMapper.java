package dev.sluice.sdk.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Date;
import java.util.Map;

/**
 * Java values → Pug {@code common.v1.PropertyValue} (pug.md §8.7, Java table): the same wire output the
 * Node SDK gives for the equivalent JS values. Returns null for values that are omitted.
 */
public final class PropertyMapper {

    static final int MAX_STRING_BYTES = 1024;
    private static final double MAX_SAFE = 9007199254740991d;

    private PropertyMapper() {}

    /** Heuristic mapping for custom properties. */
    public static ProtoWriter custom(Object v) {
        return switch (v) {
            case null -> null;
            case CharSequence s -> string(s.toString());
            case Boolean b -> new ProtoWriter().bool(4, b);
            case Byte b -> integer(b);
            case Short s -> integer(s);
            case Integer i -> integer(i);
            case Long l -> integer(l);
            case BigInteger b -> b.bitLength() < 64 ? integer(b.longValue()) : dbl(b.doubleValue());
            case BigDecimal d -> number(d.doubleValue());
            case Number n -> number(n.doubleValue());
            case Instant t -> new ProtoWriter().message(5, ProtoWriter.timestamp(t));
            case Date d -> new ProtoWriter().message(5, ProtoWriter.timestamp(d.toInstant()));
            case OffsetDateTime t -> new ProtoWriter().message(5, ProtoWriter.timestamp(t.toInstant()));
            case ZonedDateTime t -> new ProtoWriter().message(5, ProtoWriter.timestamp(t.toInstant()));
            case Map<?, ?> m -> string(Json.write(m));
            case Collection<?> c -> string(Json.write(c));
            case Object[] a -> string(Json.write(a));
            default -> string(Json.write(v.toString()));
        };
    }

    /** Schema-typed mapping for a well-known property; null when skipped (Duration, wrong type). */
    public static ProtoWriter typed(String type, Object v) {
        return switch (type) {
            case "string" -> v instanceof CharSequence s ? string(s.toString()) : null;
            case "bool" -> v instanceof Boolean b ? new ProtoWriter().bool(4, b) : null;
            case "double" -> v instanceof Number n && Double.isFinite(n.doubleValue()) ? dbl(n.doubleValue()) : null;
            case "int32", "int64" -> isIntegral(v) ? integer(((Number) v).longValue()) : null;
            default -> null; // Duration: no agreed encoding, never sent (as the Node SDK)
        };
    }

    static boolean isIntegral(Object v) {
        return switch (v) {
            case Byte b -> true;
            case Short s -> true;
            case Integer i -> true;
            case Long l -> true;
            case BigInteger b -> b.bitLength() < 64;
            case Number n -> Double.isFinite(n.doubleValue()) && n.doubleValue() == Math.rint(n.doubleValue())
                    && Math.abs(n.doubleValue()) <= MAX_SAFE;
            default -> false;
        };
    }

    private static ProtoWriter number(double d) {
        if (!Double.isFinite(d)) {
            return null;
        }
        if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE) {
            return integer((long) d); // 49.0 → int 49, as JS numbers do
        }
        return dbl(d);
    }

    private static ProtoWriter integer(long v) {
        return new ProtoWriter().int64(2, v);
    }

    private static ProtoWriter dbl(double v) {
        return new ProtoWriter().dbl(3, v);
    }

    static ProtoWriter string(String s) {
        return new ProtoWriter().string(1, truncateUtf8(s, MAX_STRING_BYTES));
    }

    /** Cuts to at most {@code max} UTF-8 bytes without splitting a code point. */
    static String truncateUtf8(String s, int max) {
        if (s.length() * 3 <= max || s.getBytes(StandardCharsets.UTF_8).length <= max) {
            return s;
        }
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > max) {
                break;
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        SdkLog.warn("pug-truncate", "string property truncated to " + max + " UTF-8 bytes");
        return s.substring(0, i);
    }
}
