package dev.sluice.server.pug;

import dev.sluice.pug.proto.shared.insights.v1.Granularity;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * Time buckets of a granularity, in UTC (the request's time zone is ignored, as the original does; Sluice's
 * reporting zone is UTC). Weeks start on Monday.
 */
final class Buckets {

    private final Granularity granularity;

    Buckets(Granularity granularity) {
        this.granularity = granularity;
    }

    /** The longest time range each granularity allows (pug.md §6.3). */
    static Duration cap(Granularity g) {
        return switch (g) {
            case GRANULARITY_MINUTE -> Duration.ofHours(6);
            case GRANULARITY_HOUR -> Duration.ofHours(336);
            case GRANULARITY_DAY -> Duration.ofHours(8_760);
            case GRANULARITY_WEEK -> Duration.ofHours(35_064);
            case GRANULARITY_MONTH -> Duration.ofHours(87_660);
            default -> throw new IllegalArgumentException("no cap for " + g);
        };
    }

    /** The start of the bucket holding {@code millis}. */
    long start(long millis) {
        ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC);
        ZonedDateTime s = switch (granularity) {
            case GRANULARITY_MINUTE -> t.truncatedTo(ChronoUnit.MINUTES);
            case GRANULARITY_HOUR -> t.truncatedTo(ChronoUnit.HOURS);
            case GRANULARITY_DAY -> t.truncatedTo(ChronoUnit.DAYS);
            case GRANULARITY_WEEK -> t.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case GRANULARITY_MONTH -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
            default -> throw new IllegalArgumentException("no buckets for " + granularity);
        };
        return s.toInstant().toEpochMilli();
    }

    /** The start of the bucket {@code n} buckets after the one starting at {@code bucketStart}. */
    long plus(long bucketStart, int n) {
        ZonedDateTime t = Instant.ofEpochMilli(bucketStart).atZone(ZoneOffset.UTC);
        ZonedDateTime s = switch (granularity) {
            case GRANULARITY_MINUTE -> t.plusMinutes(n);
            case GRANULARITY_HOUR -> t.plusHours(n);
            case GRANULARITY_DAY -> t.plusDays(n);
            case GRANULARITY_WEEK -> t.plusWeeks(n);
            case GRANULARITY_MONTH -> t.plusMonths(n);
            default -> throw new IllegalArgumentException("no buckets for " + granularity);
        };
        return s.toInstant().toEpochMilli();
    }

    /** Every bucket start touching [from, to). */
    List<Long> all(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long b = start(from); b < to; b = plus(b, 1)) {
            out.add(b);
        }
        return out;
    }
}
