package dev.sluice.query.insights;

import dev.sluice.query.insights.InsightQuery.Granularity;
import java.time.DayOfWeek;
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

    /** The start of the bucket holding {@code millis}. */
    long start(long millis) {
        ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC);
        ZonedDateTime s = switch (granularity) {
            case MINUTE -> t.truncatedTo(ChronoUnit.MINUTES);
            case HOUR -> t.truncatedTo(ChronoUnit.HOURS);
            case DAY -> t.truncatedTo(ChronoUnit.DAYS);
            case WEEK -> t.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
        };
        return s.toInstant().toEpochMilli();
    }

    /** The start of the bucket {@code n} buckets after the one starting at {@code bucketStart}. */
    long plus(long bucketStart, int n) {
        ZonedDateTime t = Instant.ofEpochMilli(bucketStart).atZone(ZoneOffset.UTC);
        ZonedDateTime s = switch (granularity) {
            case MINUTE -> t.plusMinutes(n);
            case HOUR -> t.plusHours(n);
            case DAY -> t.plusDays(n);
            case WEEK -> t.plusWeeks(n);
            case MONTH -> t.plusMonths(n);
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
