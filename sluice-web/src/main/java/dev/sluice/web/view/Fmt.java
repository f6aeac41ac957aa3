package dev.sluice.web.view;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.OptionalDouble;

/** Number, time and size formatting for templates. Times are UTC, as stored. */
public final class Fmt {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Fmt() {
    }

    /** A compact relative age ("just now", "42 s", "5 min", "3 h", "12 d") of a span in milliseconds. */
    public static String ago(long spanMillis) {
        long s = Math.max(0, spanMillis) / 1000;
        if (s < 5) {
            return "just now";
        }
        if (s < 60) {
            return s + " s ago";
        }
        if (s < 3600) {
            return s / 60 + " min ago";
        }
        if (s < 86_400) {
            return s / 3600 + " h ago";
        }
        return s / 86_400 + " d ago";
    }

    /** An absolute UTC timestamp. */
    public static String time(long millis) {
        return TIME.format(Instant.ofEpochMilli(millis));
    }

    /** An ISO-8601 instant, for {@code <time datetime>}. */
    public static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    /** A count with thousands separators. */
    public static String num(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A duration in milliseconds, with a unit that keeps it short. */
    public static String ms(double ms) {
        if (ms >= 10_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000);
        }
        if (ms >= 100) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        return String.format(Locale.ROOT, "%.1f ms", ms);
    }

    /** An optional duration, or an em dash. */
    public static String ms(OptionalDouble ms) {
        return ms.isPresent() ? ms(ms.getAsDouble()) : "—";
    }

    /** A dollar amount with enough digits for token prices. */
    public static String usd(double usd) {
        return usd >= 1 ? String.format(Locale.ROOT, "$%,.2f", usd) : String.format(Locale.ROOT, "$%.4f", usd);
    }

    /** A ratio as a percentage. */
    public static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    /** "30 minutes", "1 hour", "7 days" for a whole number of minutes. */
    public static String minutes(long minutes) {
        if (minutes % 1440 == 0) {
            long d = minutes / 1440;
            return d + (d == 1 ? " day" : " days");
        }
        if (minutes % 60 == 0) {
            long h = minutes / 60;
            return h + (h == 1 ? " hour" : " hours");
        }
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }

    /** A query-string value, URL-encoded (the template then escapes it for the attribute). */
    public static String url(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A price per million tokens: "$2.50", "$0.075". */
    public static String price(double usd) {
        return "$" + java.math.BigDecimal.valueOf(usd).setScale(Math.max(2, java.math.BigDecimal.valueOf(usd)
                .stripTrailingZeros().scale()), java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
